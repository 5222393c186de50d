import * as v from 'valibot';
import { expect, it } from 'vitest';
import { idSchema } from '../../src/shared/schemas';
import { newUuid } from '../../src/shared/uuid';

it('makes version 4 UUIDs that the id schema accepts, all different', () => {
  const ids = Array.from({ length: 1000 }, newUuid);
  for (const id of ids) {
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(v.safeParse(idSchema, id).success).toBe(true);
  }
  expect(new Set(ids).size).toBe(ids.length);
});

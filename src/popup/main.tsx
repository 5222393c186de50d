import { render } from 'preact';

function App() {
  return <main>Forum Annotator</main>;
}

const root = document.getElementById('app');
if (root) render(<App />, root);

import { markLoad } from './loadMarks';
import { mount } from 'svelte';
import App from './App.svelte';
import { loadViewsWhenIdle } from './lazyViews.svelte';
import './styles.css';
import { app } from './stores/app.svelte';
import RingWindow from './views/RingWindow.svelte';
import { windowOfHash } from '../preload/shared/windowAddress';

markLoad('bundleRan');
const role = windowOfHash(location.hash);
markLoad('snapshotAsked');
// The main window lists its devices, and loads the views Home does not show, once the first snapshot is shown.
const firstSnapshot = app.connect(role).finally(() => markLoad('snapshotApplied'));
mount(role === 'ring' ? RingWindow : App, { target: document.getElementById('app')! });
markLoad('mounted');
// Views load once the window is idle whether or not the first snapshot came; a failure to ask for it is said in the banner.
if (role === 'main')
  void firstSnapshot
    .catch((error: unknown) => (app.problem = `Could not reach the app: ${error instanceof Error ? error.message : String(error)}`))
    .then(loadViewsWhenIdle);

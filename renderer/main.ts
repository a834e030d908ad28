import { markLoad } from './loadMarks';
import { mount } from 'svelte';
import App from './App.svelte';
import { loadViewsWhenIdle } from './lazyViews.svelte';
import './styles.css';
import { app } from './stores/app.svelte';
import RingWindow from './views/RingWindow.svelte';

// One bundle, two windows: the ring window loads index.html#ring.
markLoad('bundleRan');
const role = location.hash === '#ring' ? 'ring' : 'main';
markLoad('snapshotAsked');
// The main window lists its devices, and loads the views Home does not show, once the first snapshot is shown.
const firstSnapshot = app.connect(role).finally(() => markLoad('snapshotApplied'));
mount(role === 'ring' ? RingWindow : App, { target: document.getElementById('app')! });
markLoad('mounted');
if (role === 'main') void firstSnapshot.then(loadViewsWhenIdle);

import { markLoad } from './loadMarks';
import { mount } from 'svelte';
import App from './App.svelte';
import './styles.css';
import { app } from './stores/app.svelte';
import RingWindow from './views/RingWindow.svelte';

// One bundle, two windows: the ring window loads index.html#ring.
markLoad('bundleRan');
const role = location.hash === '#ring' ? 'ring' : 'main';
markLoad('snapshotAsked');
app.connect(role);
mount(role === 'ring' ? RingWindow : App, { target: document.getElementById('app')! });
markLoad('mounted');

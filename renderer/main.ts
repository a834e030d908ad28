import { mount } from 'svelte';
import App from './App.svelte';
import './styles.css';
import { softphone } from './stores/softphone.svelte';

softphone.connect();
mount(App, { target: document.getElementById('app')! });

// Views the main window's first paint does not show, each in a chunk of its own (the bundler splits at each
// dynamic import), so opening Home does not fetch and compile them. Each loads when first shown, and all
// load once the window is idle after its first frame, so that answering a call or opening Settings later
// waits for nothing.
import type { Component } from 'svelte';
import { markLoad } from './loadMarks';
import { afterNextFrame } from './media/afterNextFrame';

export class LazyView<View extends Component<never>> {
  #view = $state.raw<View | undefined>(undefined);
  #failed = $state.raw<string | undefined>(undefined);
  /** Whether the window has shown the view: only then is a failed load said (the idle preload's is not). */
  #asked = false;
  #loading: Promise<void> | undefined;
  readonly #load: () => Promise<{ default: View }>;

  constructor(load: () => Promise<{ default: View }>) {
    this.#load = load;
  }

  /** The view once loaded (undefined until then): asking for it starts loading it, unless its load failed. */
  get view(): View | undefined {
    this.#asked = true;
    if (this.#failed === undefined) void this.load();
    return this.#view;
  }

  /** Why the view shown could not be loaded, until tried again. */
  get failed(): string | undefined {
    return this.#failed;
  }

  /** Loads the view once; a failed load is loaded afresh when next asked for. */
  load(): Promise<void> {
    this.#loading ??= this.#load().then(
      (loaded) => void (this.#view = loaded.default),
      (error: unknown) => {
        this.#loading = undefined;
        if (this.#asked) this.#failed = error instanceof Error ? error.message : String(error);
      },
    );
    return this.#loading;
  }

  retry(): void {
    this.#failed = undefined;
    void this.load();
  }
}

export const lazyViews = {
  call: new LazyView(() => import('./views/Call.svelte')),
  callingCard: new LazyView(() => import('./components/CallingCard.svelte')),
  phoneCallCard: new LazyView(() => import('./components/PhoneCallCard.svelte')),
  meeting: new LazyView(() => import('./views/Meeting.svelte')),
  meetingRoster: new LazyView(() => import('./components/MeetingRoster.svelte')),
  meetingChat: new LazyView(() => import('./components/MeetingChat.svelte')),
  conversation: new LazyView(() => import('./views/Conversation.svelte')),
  signIn: new LazyView(() => import('./views/SignIn.svelte')),
  settings: new LazyView(() => import('./views/Settings.svelte')),
  linkRequestCard: new LazyView(() => import('./components/LinkRequestCard.svelte')),
  contactCard: new LazyView(() => import('./components/ContactCard.svelte')),
};

/** How long after the first frame the views load even if the window is never idle. */
const AT_MOST_MS = 2_000;

/** Loads every view once the window is idle after its next frame: call it once the first snapshot is shown. */
export function loadViewsWhenIdle(): void {
  afterNextFrame(() =>
    requestIdleCallback(() => void Promise.all(Object.values(lazyViews).map((lazy) => lazy.load())).then(() => markLoad('viewsLoaded')), {
      timeout: AT_MOST_MS,
    }),
  );
}

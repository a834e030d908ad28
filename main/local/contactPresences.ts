// The local service's colleagues' presence (contactPresence): what each person in the directory is, the
// same on every run, changed by a test (set) or by a seeded schedule the service runs only when asked, so
// tests and the idle bench stay quiet by default. Whoever watches is told of each change (onChange).

/** contactPresence's properties as its page lists them; availability is a string: a test may set one no client knows. */
export type ContactPresence = { availability: string; activity?: string; deviceType: 'PC' | 'Mobile'; lastActive: number };

/** What the directory's people are at start: mostly available, the rest spread over the other states. */
const STARTING = ['Online', 'Busy', 'Online', 'Away', 'Online', 'DoNotDisturb', 'BeRightBack', 'Online', 'IdleOnline', 'Offwork', 'Offline'];
/** What the schedule moves people between (the states a person chooses, and the server's idle ones). */
const SCHEDULED = ['Online', 'Busy', 'DoNotDisturb', 'BeRightBack', 'Away', 'Offwork', 'IdleOnline', 'IdleBusy'];
/** The schedule's tick: each tick changes the people whose turn it is, so changes come spread out. */
const TICK_MS = 50;

/** mulberry32: a small deterministic generator, so a scheduled run changes the same people the same way. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function hash(text: string): number {
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (Math.imul(h, 31) + text.charCodeAt(i)) >>> 0;
  return h;
}

export class ContactPresences {
  readonly #byUri = new Map<string, ContactPresence>();
  readonly #random = seeded(16);

  /** `knows`: whether the service knows someone (the directory, callers); `onChange`: someone's presence changed. */
  constructor(
    private readonly knows: (uri: string) => boolean,
    private readonly onChange: (uri: string) => void,
  ) {}

  /** Someone's presence; whoever the service knows starts in a state of their own, the same on every run. */
  get(uri: string): ContactPresence | undefined {
    const known = this.#byUri.get(uri);
    if (known || !this.knows(uri)) return known;
    const starting: ContactPresence = { availability: STARTING[hash(uri) % STARTING.length]!, deviceType: 'PC', lastActive: Date.now() };
    this.#byUri.set(uri, starting);
    return starting;
  }

  /** Sets someone's presence (a test makes Ada go DoNotDisturb); whoever is subscribed to them is told. */
  set(uri: string, availability: string, activity?: string): void {
    this.#byUri.set(uri, { availability, ...(activity !== undefined && { activity }), deviceType: 'PC', lastActive: Date.now() });
    this.onChange(uri);
  }

  /**
   * Changes the presence of each of `whom()` (the people someone is subscribed to) once every `everyMs`,
   * spread over ticks, to a seeded next state. Returns what stops it.
   */
  changeEvery(everyMs: number, whom: () => readonly string[]): () => void {
    let turn = 0;
    const timer = setInterval(() => {
      const people = whom();
      const due = Math.ceil((people.length * TICK_MS) / everyMs);
      for (let i = 0; i < due && people.length; i++) {
        const uri = people[turn++ % people.length]!;
        const current = this.get(uri)?.availability;
        const next = SCHEDULED.filter((availability) => availability !== current);
        this.set(uri, next[Math.floor(this.#random() * next.length)]!);
      }
    }, TICK_MS);
    return () => clearInterval(timer);
  }
}

// The renderer's view of the app: the latest snapshot from `window.softphone`, and the media of each call.
// The main window owns the media: it prepares an answer for every call that rings and answers when the
// person chooses, whichever window they chose in. The ring window only tells the choice.
import { SvelteMap } from 'svelte/reactivity';
import type {
  AppSnapshot,
  CallSnapshot,
  Command,
  CommandResult,
  DismissReason,
  Feature,
  Settings,
  SettingsChange,
  WindowRole,
} from '../../preload/shared/contract';
import { ALL_FEATURES_ON } from '../../preload/shared/settingsValues';
import type { RingChoice } from '../ring';
import { CallMedia } from '../media/callMedia';
import type { ChosenInputs, LiveMedia } from '../media/liveMedia.svelte';
import { RenegotiationConflictError } from '../media/peerConnection';
import { findDevice, listDevices, type DeviceInfo } from '../media/devices';
import { CallSounds } from '../media/callSounds';
import { afterNextFrame } from '../media/afterNextFrame';
import { analyseOffer } from '../../preload/shared/offerAnalysis';
import { OutgoingCalls } from './outgoingCalls.svelte';
import { MeetingMedia } from './meetingMedia';
import { PeopleView } from './peopleView.svelte';

class AppStore {
  /** Replaced whole, never changed in place: raw state, so each new snapshot is one change, not a deep proxy. */
  snapshot = $state.raw<AppSnapshot | undefined>(undefined);
  /** A sentence about the last thing that went wrong, shown until the next action. */
  problem = $state<string | undefined>(undefined);
  /** Each live call's media: answered (a call) or offered (a meeting's audio and video). Reactive, like the media's own state. */
  readonly media = new SvelteMap<string, LiveMedia>();
  /** Today's devices; labels appear once the app has been allowed to use a device. */
  devices = $state<DeviceInfo[]>([]);
  #role: WindowRole = 'main';
  readonly #answering = new Set<string>();
  /** Ringing calls whose answers are prepared once this window has drawn the frame after their ring. */
  readonly #toPrepare = new Set<string>();
  /** The other side's latest new offer each call answered, so each is answered once. */
  readonly #answeredOffers = new Map<string, string>();
  readonly #sounds = new CallSounds();
  /** Calls placed from this window. */
  readonly outgoing = new OutgoingCalls(this);
  /** The person's microphone and camera in the meetings they are in. */
  readonly meetingMedia = new MeetingMedia(this);
  /** The contact list and colleagues' presence, changed only where a snapshot changes them. */
  readonly people = new PeopleView();

  async connect(role: WindowRole): Promise<void> {
    this.#role = role;
    window.softphone.onSnapshot((snapshot) => this.#apply(snapshot));
    // Devices are listed and followed even where the first snapshot could not be asked for: the next ones come by themselves.
    await this.send({ type: 'getSnapshot' }).finally(() => role === 'main' && this.#followDeviceChanges());
  }

  #followDeviceChanges(): void {
    navigator.mediaDevices.addEventListener('devicechange', () => void this.refreshDevices());
    void this.refreshDevices();
  }

  async refreshDevices(): Promise<void> {
    this.devices = await listDevices();
    this.#followDevices();
  }

  get settings(): Settings | undefined {
    return this.snapshot?.settings;
  }

  /** What the administrator allows; everything until a snapshot says otherwise. */
  get features(): Readonly<Record<Feature, boolean>> {
    return this.snapshot?.policy.features ?? ALL_FEATURES_ON;
  }

  /** Whether the administrator locked a setting. */
  locked(key: keyof Settings): boolean {
    return this.snapshot?.policy.locked.includes(key) ?? false;
  }

  /** Sends only what changed; the core merges it, so quick successive changes all stick. */
  updateSettings(change: SettingsChange): void {
    void this.send({ type: 'updateSettings', change });
  }

  /** The device a saved choice means today, or undefined for the system default. */
  device(kind: 'microphone' | 'camera' | 'speaker' | 'ringer'): DeviceInfo | undefined {
    const deviceKind = kind === 'microphone' ? 'audioinput' : kind === 'camera' ? 'videoinput' : 'audiooutput';
    return findDevice(this.devices, deviceKind, this.snapshot?.settings[kind]);
  }

  async send(command: Command): Promise<CommandResult> {
    const result = await window.softphone.send(command);
    if (result.ok) this.#apply(result.snapshot);
    else this.problem = result.error.message;
    return result;
  }

  /** What the person chose on a ringing call's card. */
  choose(call: CallSnapshot, choice: RingChoice): void {
    this.problem = undefined;
    if (choice.type === 'answer') void this.send({ type: 'chooseAnswer', callId: call.id, video: choice.video });
    else if (choice.type === 'declineWithMessage') void this.send({ type: 'declineWithMessage', callId: call.id, text: choice.text });
    else void this.send({ type: choice.type, callId: call.id });
  }

  #apply(snapshot: AppSnapshot): void {
    // Every command's reply carries the current snapshot: one this window has applied changes nothing.
    if (this.snapshot && snapshot.revision <= this.snapshot.revision) return;
    if (this.#role === 'main') this.#answerChoices(snapshot);
    this.snapshot = snapshot;
    this.people.apply(snapshot.people);
    const live = new Set(snapshot.calls.map((call) => call.id));
    for (const id of [...this.media.keys()]) if (!live.has(id)) this.#dropMedia(id);
    if (this.#role !== 'main') return;
    for (const call of snapshot.calls) {
      // A choice withdrawn after a failed answer may be made again, on freshly prepared media.
      if (call.phase === 'ringing' && !call.answerChoice) this.#answering.delete(call.id);
      if (call.phase === 'ringing' && !this.media.has(call.id) && !this.#answering.has(call.id)) this.#prepareAfterTheRing(call.id);
      // Answered on the phone or another device: the prepared connections are not needed.
      const answeredElsewhere = call.direction === 'Incoming' && call.phase !== 'ringing' && !this.#answering.has(call.id);
      if (call.kind === 'audioVideo' && answeredElsewhere && this.media.has(call.id)) this.#dropMedia(call.id);
      if (call.kind === 'audioVideo' && call.direction === 'Outgoing') this.outgoing.followAnswer(call);
      if (call.kind === 'onlineMeeting') this.meetingMedia.follow(call);
      if (call.renegotiationOffer) void this.#answerNewOffer(call.id, call.renegotiationOffer);
    }
    this.#followDevices();
  }

  /** The calls the person chose to answer: each answer goes out before this window renders anything of the snapshot. */
  #answerChoices(snapshot: AppSnapshot): void {
    for (const call of snapshot.calls) if (call.answerChoice && !this.#answering.has(call.id)) void this.#answer(call, call.answerChoice.video);
  }

  /** The ringtone, the ringback and the live calls' inputs follow the calls and the settings. */
  #followDevices(): void {
    const snapshot = this.snapshot;
    if (!snapshot || this.#role !== 'main') return;
    this.#sounds.follow(snapshot, this.device('ringer')?.deviceId ?? 'default', this.device('speaker')?.deviceId ?? 'default');
    for (const media of this.media.values()) void media.useInputs(this.inputs()).catch((error: unknown) => this.#report(error));
  }

  /** The devices chosen in Settings, as they are today. */
  inputs(): ChosenInputs {
    return { microphone: this.device('microphone'), camera: this.device('camera') };
  }

  #report(error: unknown): void {
    this.problem = `Could not use the device: ${error instanceof Error ? error.message : String(error)}`;
  }

  /**
   * Prepares the answer once the frame after the ring is drawn: building two connections in the task that
   * brings the ring took the CPU the ring window needed to draw its card then (two cores for both windows,
   * the browser and the GPU). Answering sooner than that prepares at once.
   */
  #prepareAfterTheRing(callId: string): void {
    if (this.#toPrepare.has(callId)) return;
    this.#toPrepare.add(callId);
    afterNextFrame(() => {
      const call = this.snapshot?.calls.find((c) => c.id === callId);
      if (this.#toPrepare.delete(callId) && call?.phase === 'ringing' && !this.media.has(callId) && !this.#answering.has(callId)) this.#prepare(call);
    });
  }

  /** Prepares the answer while it rings, so that answering sends it at once. */
  #prepare(call: CallSnapshot): void {
    if (call.kind !== 'audioVideo' || !call.offerSdp || !call.actions.includes('answer')) return;
    const offer = analyseOffer(call.offerSdp);
    if (!offer.answerable) return;
    const media = CallMedia.prepare(call.id, call.offerSdp, offer.hasVideo);
    this.media.set(call.id, media);
    if (call.actions.includes('provisionalAnswer') && this.features.earlyMedia) void this.#answerEarly(call.id, media);
  }

  /**
   * Early media: the prepared answer goes out while it rings, so the media path is up before the person
   * answers and the first words are not cut. A refusal changes nothing: the call rings on, answerable.
   */
  async #answerEarly(callId: string, media: CallMedia): Promise<void> {
    const early = await media.earlyAnswer()?.catch(() => undefined);
    const call = this.snapshot?.calls.find((c) => c.id === callId);
    if (early === undefined || this.media.get(callId) !== media || call?.phase !== 'ringing' || this.#answering.has(callId)) return;
    const result = await window.softphone.send({ type: 'provisionalAnswer', callId, sdp: early.sdp });
    if (result.ok) await early.connect();
  }

  /** Holds or resumes a connected call: a new offer of this side's media, which the other side answers. */
  async hold(call: CallSnapshot, hold: boolean): Promise<void> {
    const media = this.media.get(call.id);
    if (!media) return;
    this.problem = undefined;
    try {
      await media.hold(hold, async (sdp) => {
        const result = await this.send({ type: 'renegotiate', callId: call.id, sdp });
        return result.ok ? result.answerSdp : undefined;
      });
    } catch (error) {
      this.problem ??= `Could not ${hold ? 'hold' : 'resume'} the call: ${error instanceof Error ? error.message : String(error)}`;
    }
  }

  /**
   * The other side holds or resumes: their new offer is answered here, or refused with the reason (a
   * crossing offer of ours, media this call has not got, or an offer that cannot be taken).
   */
  async #answerNewOffer(callId: string, offer: { id: string; sdp: string }): Promise<void> {
    if (this.#answeredOffers.get(callId) === offer.id) return;
    this.#answeredOffers.set(callId, offer.id);
    const media = this.media.get(callId);
    const dismiss = (reason: DismissReason) => window.softphone.send({ type: 'dismissRenegotiation', callId, offerId: offer.id, reason });
    if (!media) return void dismiss('UnsupportedMedia');
    try {
      const sdp = await media.answerNewOffer(offer.sdp);
      const result = await this.send({ type: 'answerRenegotiation', callId, offerId: offer.id, sdp });
      if (!result.ok) await dismiss('UnsupportedMedia');
    } catch (error) {
      await dismiss(error instanceof RenegotiationConflictError ? 'Conflict' : 'InvalidMediaOffer');
    }
  }

  async #answer(call: CallSnapshot, video: boolean): Promise<void> {
    this.#answering.add(call.id);
    if (this.#toPrepare.delete(call.id)) this.#prepare(call);
    const media = this.media.get(call.id);
    let answered = false;
    try {
      if (!(media instanceof CallMedia)) throw new Error('this call cannot be answered with computer audio');
      const ready = media.answerNow(video) ?? (await media.answer(video));
      const result = await this.send({ type: 'answer', callId: call.id, sdp: ready.sdp });
      if (!result.ok) throw new Error(result.error.message);
      answered = true;
      await ready.connect();
      await media.start({
        video,
        audioMuted: call.context?.joinAudioMuted ?? false,
        videoMuted: call.context?.joinVideoMuted ?? false,
        ...this.inputs(),
      });
      // Device labels become readable once a device has been opened.
      void this.refreshDevices();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const current = this.snapshot?.calls.find((c) => c.id === call.id);
      if (answered) {
        if (current) this.problem = `Could not open your devices: ${message}`;
        return;
      }
      // The prepared connection is spent. Every window hears why, and the call can be answered again.
      this.closeMedia(call.id);
      if (current?.phase === 'ringing') void this.send({ type: 'answerFailed', callId: call.id, problem: `Could not answer: ${message}` });
    }
  }

  #dropMedia(callId: string): void {
    this.#answering.delete(callId);
    this.#toPrepare.delete(callId);
    this.#answeredOffers.delete(callId);
    this.closeMedia(callId);
  }

  /** Closes a call's media and lets it go. */
  closeMedia(callId: string): void {
    this.media.get(callId)?.close();
    this.media.delete(callId);
  }
}

export const app = new AppStore();

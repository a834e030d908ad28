// A media element lets go of its stream when it leaves the page. Removed with its srcObject still set, it
// keeps its media player (the video compositor, the audio renderer and its output stream in the audio
// service, the WebRTC sinks) until the garbage collector takes the element, seconds or minutes later; a
// cleared srcObject runs the element's load algorithm, which ends the player at once.

/** Svelte action for an <audio> or <video> element that plays a MediaStream. */
export function releaseStream(element: HTMLMediaElement): { destroy(): void } {
  return { destroy: () => void (element.srcObject = null) };
}

// A meeting roster's photos (issue 18, roster photos), with the fetcher in the test's hands: a photo that
// arrives after the meeting stopped being followed is dropped, and someone who leaves and comes back has
// their photo fetched again.
import { describe, expect, it } from 'vitest';
import { MAX_ROSTER_PHOTO_BYTES, MAX_TRIES, RosterPhotos } from '../../main/meetings/rosterPhotos.js';

const PARTICIPANT = 'https://ucwa.example/conversations/1/participants/ada';
const PHOTO_HREF = 'https://ucwa.example/people/ada/photo';
const PHOTO = 'data:image/png;base64,iVBORw0KGgo=';

/** RosterPhotos whose fetches wait for `give`, with the photos it passed on. */
function photosInHand() {
  const waiting: Array<(photo: string | undefined) => void> = [];
  const fetched: Array<[string, string]> = [];
  const photos = new RosterPhotos(
    () => new Promise((resolve) => waiting.push(resolve)),
    (participant, photo) => fetched.push([participant, photo]),
  );
  const give = async (photo: string | undefined) => {
    waiting.shift()!(photo);
    await Promise.resolve();
    await Promise.resolve();
  };
  return { photos, fetched, waiting, give };
}

describe('the roster’s photos, fetched', () => {
  it('drops a photo that arrives after the meeting stopped being followed', async () => {
    const { photos, fetched, give } = photosInHand();
    photos.want(PARTICIPANT, PHOTO_HREF);
    photos.stop();
    await give(PHOTO);
    expect(fetched).toEqual([]);
  });

  it('fetches the photo again for someone who left and came back', async () => {
    const { photos, fetched, waiting, give } = photosInHand();
    photos.want(PARTICIPANT, PHOTO_HREF);
    await give(PHOTO);
    photos.forget(PARTICIPANT);
    photos.want(PARTICIPANT, PHOTO_HREF);
    expect(waiting).toHaveLength(1);
    await give(PHOTO);
    expect(fetched).toEqual([
      [PARTICIPANT, PHOTO],
      [PARTICIPANT, PHOTO],
    ]);
  });

  it('asks again on the person’s next change where no photo came, MAX_TRIES times in all', async () => {
    const { photos, fetched, waiting, give } = photosInHand();
    for (let tries = 0; tries < MAX_TRIES; tries++) {
      photos.want(PARTICIPANT, PHOTO_HREF);
      expect(waiting).toHaveLength(1);
      await give(undefined);
    }
    photos.want(PARTICIPANT, PHOTO_HREF);
    expect(waiting).toHaveLength(0);
    expect(fetched).toEqual([]);
  });

  it('shows a photo of up to 16 KB and initials for a larger one, since every roster publish carries them all', async () => {
    const { photos, fetched, give } = photosInHand();
    const ofLength = (length: number) => PHOTO + 'A'.repeat(length - PHOTO.length);
    expect(MAX_ROSTER_PHOTO_BYTES).toBe(16 * 1024);
    photos.want(PARTICIPANT, PHOTO_HREF);
    await give(ofLength(16 * 1024));
    photos.want(`${PARTICIPANT}2`, PHOTO_HREF);
    await give(ofLength(16 * 1024 + 1));
    expect(fetched.map(([participant, photo]) => [participant, photo.length])).toEqual([[PARTICIPANT, 16 * 1024]]);
  });
});

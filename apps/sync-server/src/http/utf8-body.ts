/** Parts are joined into strings of about this many characters before they are encoded. */
export const UTF8_BODY_CHUNK = 16 * 1024;

/**
 * An answer shorter than this (characters) is sent as one string: it stays in the young
 * generation, and a Buffer cost a small answer more than it saved (by-count rounds of ~2.5 kB:
 * +0.2–0.3 ms of CPU per round with every answer a Buffer).
 */
export const STRING_BODY_LIMIT = 4 * UTF8_BODY_CHUNK;

/** An answer's body: one string when it is small, else its bytes (`utf8Body`). */
export function answerBody(parts: readonly string[]): string | Buffer<ArrayBuffer> {
  let length = 0;
  for (const part of parts) length += part.length;
  return length < STRING_BODY_LIMIT ? parts.join("") : utf8Body(parts);
}

/**
 * The UTF-8 bytes of `parts` joined, as one Buffer, without ever making the whole as one string:
 * parts are joined a chunk at a time (strings that die young in the young generation), then each
 * chunk is written into the Buffer. A pull page as one string is 100–400 kB: V8 puts strings that
 * large in its large-object space, where those that outlive a scavenge (any held across an await
 * while the young generation fills: it is 4 MB) wait for a full GC — a thousand tills catching up
 * left ~100–170 MB of them (issue 13/16: the run's peak RSS). The Buffer's bytes are outside the
 * heap, freed when it is, and counted by V8 as external memory, which brings a full GC sooner.
 */
export function utf8Body(parts: readonly string[]): Buffer<ArrayBuffer> {
  const chunks: string[] = [];
  let from = 0;
  let length = 0;
  for (const [i, part] of parts.entries()) {
    length += part.length;
    if (length < UTF8_BODY_CHUNK && i < parts.length - 1) continue;
    chunks.push(parts.slice(from, i + 1).join(""));
    from = i + 1;
    length = 0;
  }
  let size = 0;
  for (const chunk of chunks) size += Buffer.byteLength(chunk);
  const body = Buffer.allocUnsafe(size);
  let at = 0;
  for (const chunk of chunks) at += body.write(chunk, at);
  return body;
}

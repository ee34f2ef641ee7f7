/**
 * magic-string with every edit checked, in the spirit of magic-string's own
 * `IntegrityCheckingMagicString`: after each change the chunk list must be
 * consistent, and the source writer's edits must never overlap — no two
 * replaced ranges share a character, and nothing is inserted strictly inside
 * a replaced range (it would be lost or misplaced).
 */
import MagicString from 'magic-string';

interface Chunk {
  start: number;
  end: number;
  next: Chunk | null;
  previous: Chunk | null;
}

/** A MagicString that throws on overlapping edits and checks its chunk list after every change. */
export class IntegrityCheckingMagicString extends MagicString {
  /** Replaced ranges `[start, end)`. */
  readonly replaced: [number, number][] = [];
  /** Insertion indices. */
  readonly inserted: number[] = [];
  /** Number of edits made (tests assert the writer made some). */
  edits = 0;

  private checkRange(start: number, end: number): void {
    for (const [s, e] of this.replaced) {
      if (start < e && s < end) throw new Error(`overlapping edits: [${start}, ${end}) and [${s}, ${e})`);
    }
    for (const i of this.inserted) {
      if (start < i && i < end) throw new Error(`edit [${start}, ${end}) covers an insertion at ${i}`);
    }
    this.replaced.push([start, end]);
  }

  private checkInsert(index: number): void {
    for (const [s, e] of this.replaced) {
      if (s < index && index < e) throw new Error(`insertion at ${index} inside the edited range [${s}, ${e})`);
    }
    this.inserted.push(index);
  }

  /** The chunk list is a consistent doubly linked list covering the text, as magic-string's own tests check. */
  checkIntegrity(): void {
    const self = this as unknown as { firstChunk: Chunk; byStart: Record<number, Chunk>; byEnd: Record<number, Chunk>; original: string };
    let previous: Chunk | null = null;
    let expectedStart = 0;
    for (let chunk: Chunk | null = self.firstChunk; chunk; chunk = chunk.next) {
      if (chunk.start !== expectedStart) throw new Error(`chunk gap at ${expectedStart}`);
      if (self.byStart[chunk.start] !== chunk || self.byEnd[chunk.end] !== chunk) throw new Error(`chunk index broken at ${chunk.start}`);
      if (chunk.previous !== previous) throw new Error(`chunk.previous broken at ${chunk.start}`);
      previous = chunk;
      expectedStart = chunk.end;
    }
    if (expectedStart !== self.original.length) throw new Error('chunks do not cover the text');
  }

  private after<T>(value: T): T {
    this.edits++;
    this.checkIntegrity();
    return value;
  }

  override update(start: number, end: number, content: string, options?: Parameters<MagicString['update']>[3]): this {
    this.checkRange(start, end);
    return this.after(super.update(start, end, content, options));
  }
  // overwrite() goes through update(), which checks.
  override remove(start: number, end: number): this {
    if (start !== end) this.checkRange(start, end);
    return this.after(super.remove(start, end));
  }
  override appendLeft(index: number, content: string): this {
    this.checkInsert(index);
    return this.after(super.appendLeft(index, content));
  }
  override appendRight(index: number, content: string): this {
    this.checkInsert(index);
    return this.after(super.appendRight(index, content));
  }
  override prependLeft(index: number, content: string): this {
    this.checkInsert(index);
    return this.after(super.prependLeft(index, content));
  }
  override prependRight(index: number, content: string): this {
    this.checkInsert(index);
    return this.after(super.prependRight(index, content));
  }
}

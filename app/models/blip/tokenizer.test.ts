import { readFileSync } from 'node:fs';
import { Tokenizer } from '@huggingface/tokenizers';
import { describe, expect, it } from 'vitest';

const fixture: { tokenizer: object; tokenizer_config: object } = JSON.parse(
  readFileSync(new URL('./fixtures/blip-base-tokenizer-subset.json', import.meta.url), 'utf8'),
);

describe('BLIP caption decoding with the Hugging Face tokenizer', () => {
  const tokenizer = new Tokenizer(fixture.tokenizer, fixture.tokenizer_config);

  it("decodes the chapter's demo ids to 'a woman sitting on the beach with her dog'", () => {
    const ids = [30522, 1037, 2450, 3564, 2006, 1996, 3509, 2007, 2014, 3899, 102];
    expect(tokenizer.decode(ids, { skip_special_tokens: true })).toBe('a woman sitting on the beach with her dog');
  });

  it('knows [DEC] as the caption start token, id 30522', () => {
    expect(tokenizer.id_to_token(30522)).toBe('[DEC]');
    expect(tokenizer.token_to_id('[SEP]')).toBe(102);
  });

  it('encodes the bf16 caption back to the same word ids', () => {
    expect(tokenizer.encode('a woman sitting on the beach with a dog').ids).toEqual([101, 1037, 2450, 3564, 2006, 1996, 3509, 2007, 1037, 3899, 102]);
  });
});

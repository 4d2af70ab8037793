import type { MessageKey, Params, Translator } from "../../i18n/translate";

/**
 * A catalogue text with each name in it (a program, a shop, a reward, a customer's name) in its
 * own `<bdi>`: an English name inside a Hebrew sentence, or the other way round, keeps its own
 * direction and does not drag the sentence's punctuation with it.
 */
export function Phrase(props: { m: Translator; k: MessageKey; params?: Params }) {
  return (
    <>
      {props.m
        .parts(props.k, props.params)
        .map((part) => (typeof part === "string" ? part : <bdi>{part.given}</bdi>))}
    </>
  );
}

/** A number typed as a number, anything else as typed: the server names what is wrong. */
export const numberOrText = (text: string): number | string =>
  text.trim() !== "" && Number.isFinite(Number(text)) ? Number(text) : text;

/** A label or field selector the apiserver would reject with 400; the message is the apiserver's. */
export class SelectorError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SelectorError';
  }
}

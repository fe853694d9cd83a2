import type { TransportStream } from './transport-types';

export interface StreamObserver {
  /** The iteration failed with this error. */
  onError?: (error: unknown) => void;
  /** The stream is over: iterated to its end, failed, stopped early or closed. Called once. */
  onEnd?: () => void;
}

/** The same stream, telling the observer how it ended; lines and errors pass through unchanged. */
export function observeStream(stream: TransportStream, observer: StreamObserver): TransportStream {
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    observer.onEnd?.();
  };
  return {
    status: stream.status,
    headers: stream.headers,
    lines: () => observeLines(stream.lines(), observer, end),
    close: () => {
      stream.close();
      end();
    },
  };
}

async function* observeLines(
  lines: AsyncIterable<string>,
  observer: StreamObserver,
  end: () => void,
): AsyncGenerator<string> {
  try {
    for await (const line of lines) yield line;
  } catch (error) {
    observer.onError?.(error);
    throw error;
  } finally {
    end();
  }
}

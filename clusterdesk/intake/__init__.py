"""Living news intake: sources polled by the worker, raw documents, news added from the browser."""

"""Browser tests (a package, so that the browser is closed before other tests start one)."""

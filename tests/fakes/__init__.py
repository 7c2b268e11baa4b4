"""Stand-ins the tests share: the recording chat sender, and (per platform) fake chat APIs."""

truce_fuzzer(hooks_yaml truce_alerts)

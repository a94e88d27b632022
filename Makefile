.PHONY: demo test emulator bench screenshot

# Run the console on the bundled demo (emulator + demo data).
demo:
	scripts/demo

# Run every check and test.
test:
	scripts/test

# Start the emulator with the demo seed, for use with --endpoint-url.
emulator:
	scripts/emulator --seed assets/demo/seed.json

# The listing benchmark against the AWS CLI (docs/PERFORMANCE.md).
bench:
	scripts/bench

# Regenerate assets/screenshot.png from the real binary on the demo data.
screenshot:
	scripts/screenshot

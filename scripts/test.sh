#!/usr/bin/env bash
# The whole test suite: installs what is missing, builds, and runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-dependencies.sh
scripts/install-test-tools.sh
swift build --build-tests
# The S3 storage tests run against moto's S3 server, on a free loopback port, for this run only; every
# store test runs against SQLite and against a PostgreSQL database of its own on a throwaway cluster.
REEL_TEST_S3_ENDPOINT="$(scripts/moto.sh start)"
export REEL_TEST_S3_ENDPOINT
REEL_TEST_POSTGRES_DIR=
trap 'scripts/moto.sh stop; [ -z "$REEL_TEST_POSTGRES_DIR" ] || scripts/postgres.sh stop "$REEL_TEST_POSTGRES_DIR"' EXIT
eval "$(scripts/postgres.sh start)"
# Tests that hold the product to a time (a cancel within a second, a webhook cut at its timeout, a worker
# that stops at once, a preview that must render before it expires) run after all the others, one at a
# time: beside the whole parallel suite, a dozen ffmpeg processes share two cores and the measure would be
# of the machine, not of Reel. The cluster tests restart the PostgreSQL server every test shares.
timed='RequestFuzzTests/|RunControlTests/(cancelStops|aRenderOverItsTimeLimit)|RenderJobTests/(cancelStops|aSlowReceiver)|ProjectTests/deletingAProject|WorkerProcessTests/|CrashTests/|RenderBoundsTests/(theTimeout|aCancel)|HardeningTests/(aTrickling|mergeBombs|idleSlow)|UploadTests/|UploadCommandTests/|PreviewTests/(aPreviewFinishes|aPreviewReads|theJanitor|anAccounts)|ChunkedRenderTests/cancelingAChunked|ChunkFailoverTests/|ClusterTests/'
# The store tests by themselves: beside the renders of the whole suite, PostgreSQL's connections were
# slow enough to exhaust the store's 30 s of retries.
swift test --skip-build --filter ReelStoreTests
# The motion, media and vector render suites by themselves too: together with the rest they made the parallel
# step so heavy that renders beside them outlasted their tests' deadlines.
renders='MotionTests/|PlaybackTests/|LumaTests/|SpeechTests/|VectorTests/|ShotstackMediaTests/'
# At most eight tests at a time: with every test at once, two cores ran dozens of servers and renders, and tests
# that wait for a render outlasted their deadlines; eight at a time also finished sooner (62 s against 67).
export SWT_EXPERIMENTAL_MAXIMUM_PARALLELIZATION_WIDTH=8
swift test --skip-build --skip "$timed" --skip ReelStoreTests --skip "$renders"
swift test --skip-build --filter "$renders"
# The API once more, each server on PostgreSQL.
REEL_TEST_DATABASE=postgres swift test --skip-build --filter ReelServerTests --skip "$timed"
swift test --skip-build --no-parallel --filter "$timed"
# The web console and the public pages in headless Chromium, against the debug `reel` just built.
REEL_BIN="$(swift build --show-bin-path)/reel" .build-tools/browser/bin/python Tests/Browser/run.py

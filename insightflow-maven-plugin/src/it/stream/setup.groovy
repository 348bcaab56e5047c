import io.insightflow.connect.kinesis.KinesisEmulator

// The emulator of core's ITs (kinesis-local via npm, cached in ~/.cache/insightflow; or the one at
// INSIGHTFLOW_KINESIS_ENDPOINT). It runs as a child of this Maven JVM and a shutdown hook stops it
// when the outer build ends, whether the IT passes or fails.
def emulator = KinesisEmulator.get()
def stream = 'it-orders-' + Long.toHexString(System.nanoTime())
def client = emulator.client()
try {
    KinesisEmulator.createStream(client, stream, 2)
} finally {
    client.close()
}
// Read by the goals as insightflow.configFile: the lowest layer, below the pom.
new File(basedir, 'emulator.properties').text =
        "insightflow.kinesis.endpoint=${emulator.endpoint()}\ninsightflow.stream.name=${stream}\n"
return true

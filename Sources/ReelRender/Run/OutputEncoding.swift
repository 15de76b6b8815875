import ReelTimeline

/// Encoder arguments for each output format. x264 runs at `veryfast` for every
/// quality (`ultrafast` for a preview's proxy); quality moves the CRF, which changes
/// size far more than speed.
enum OutputEncoding {
    static func arguments(for output: Output, hasAudio: Bool) -> [String] {
        let crf = crf(for: output.quality)
        let rate = ["-r", "\(output.fps)"]
        switch output.format {
        case .mp4, .mov, .webm:
            return rate + videoEncoder(for: output, crf: crf) + (hasAudio ? soundEncoder(for: output) : []) + containerFlags(for: output)
        case .gif:
            return rate + ["-f", "gif"]
        case .mp3:
            return ["-c:a", "libmp3lame", "-b:a", "192k"]
        case .wav:
            return ["-c:a", "pcm_s16le"]
        case .png:
            return ["-frames:v", "1", "-update", "1"]
        case .jpg:
            return ["-frames:v", "1", "-update", "1", "-q:v", "2"]
        }
    }

    /// A chunk's part: the output's video encoder exactly as a single pass sets it, so that parts join by
    /// stream copy; each part starts on a key frame of its own, and x264's GOPs are closed.
    static func partArguments(for output: Output) -> [String] {
        ["-r", "\(output.fps)"] + videoEncoder(for: output, crf: crf(for: output.quality))
    }

    /// The whole timeline's sound for a chunked render, encoded as a single pass encodes it, while the chunks
    /// render; the join copies it.
    static func soundArguments(for output: Output) -> [String] { soundEncoder(for: output) }

    /// The sound's own file: AAC in MP4, whose edit list keeps the encoder's priming through the copy into the
    /// output (Matroska would not, and the sound would gain a frame); Opus in WebM.
    static func soundFileExtension(for output: Output) -> String { output.format == .webm ? "webm" : "m4a" }

    /// Flags of the final file's container: MP4 and MOV put their index first, to play while downloading.
    static func containerFlags(for output: Output) -> [String] {
        output.format == .mp4 || output.format == .mov ? ["-movflags", "+faststart"] : []
    }

    /// Whether a render of `output` can be split into chunks: moving pictures with a video encoder of their own.
    static func canChunk(_ output: Output) -> Bool {
        output.format == .mp4 || output.format == .mov || output.format == .webm
    }

    private static func crf(for quality: Quality) -> Int {
        switch quality {
        case .verylow: 32
        case .low: 28
        case .medium: 23
        case .high: 20
        case .veryhigh: 17
        }
    }

    private static func videoEncoder(for output: Output, crf: Int) -> [String] {
        if output.format == .webm {
            return [
                "-c:v", "libvpx-vp9", "-crf", "\(crf + 10)", "-b:v", "0", "-deadline", "realtime", "-cpu-used", "8",
                "-row-mt", "1", "-pix_fmt", "yuv420p",
            ]
        }
        return ["-c:v", "libx264", "-preset", output.encoderSpeed == .proxy ? "ultrafast" : "veryfast", "-crf", "\(crf)", "-pix_fmt", "yuv420p"]
    }

    private static func soundEncoder(for output: Output) -> [String] {
        output.format == .webm ? ["-c:a", "libopus", "-b:a", "128k"] : ["-c:a", "aac", "-b:a", "160k"]
    }
}

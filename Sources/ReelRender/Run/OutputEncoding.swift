import ReelTimeline

/// Encoder arguments for each output format. x264 runs at `veryfast` for every
/// quality (`ultrafast` for a preview's proxy); quality moves the CRF, which changes
/// size far more than speed.
enum OutputEncoding {
    static func arguments(for output: Output, hasAudio: Bool) -> [String] {
        let crf: Int =
            switch output.quality {
            case .verylow: 32
            case .low: 28
            case .medium: 23
            case .high: 20
            case .veryhigh: 17
            }
        let rate = ["-r", "\(output.fps)"]
        switch output.format {
        case .mp4, .mov:
            var arguments = rate + ["-c:v", "libx264", "-preset", output.encoderSpeed == .proxy ? "ultrafast" : "veryfast", "-crf", "\(crf)", "-pix_fmt", "yuv420p", "-movflags", "+faststart"]
            if hasAudio { arguments += ["-c:a", "aac", "-b:a", "160k"] }
            return arguments
        case .webm:
            var arguments = rate + [
                "-c:v", "libvpx-vp9", "-crf", "\(crf + 10)", "-b:v", "0", "-deadline", "realtime", "-cpu-used", "8",
                "-row-mt", "1", "-pix_fmt", "yuv420p",
            ]
            if hasAudio { arguments += ["-c:a", "libopus", "-b:a", "128k"] }
            return arguments
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
}

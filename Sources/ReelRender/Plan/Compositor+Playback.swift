import Foundation
import ReelTimeline

extension Compositor {
    /// Times a video's frames from zero, at its `speed`: the frames of `speed` seconds of source
    /// fill one second of output, and the `fps` filter after it keeps or repeats frames to the output's rate.
    func retiming(_ playback: MediaPlayback) -> String {
        playback.speed == 1 ? "setpts=PTS-STARTPTS" : "setpts=(PTS-STARTPTS)/\(num(playback.speed))"
    }

    /// The chroma key, as ffmpeg's `colorkey`. It measures a pixel's distance from the key colour as
    /// the RGB distance divided by the largest one, 255·√3, and makes the pixel transparent within
    /// `similarity`, then partly so over `blend` beyond it. Shotstack's `threshold` and `halo` are the
    /// same distances in RGB units (0–250), so each is divided by 255·√3.
    func keying(_ playback: MediaPlayback) -> [String] {
        guard let key = playback.chromaKey else { return [] }
        let largestDistance = 255 * 3.0.squareRoot()
        // colorkey refuses a similarity of 0.
        let similarity = max(0.00001, key.threshold / largestDistance)
        let blend = key.halo / largestDistance
        return ["colorkey=color=\(key.color.ffmpegHex):similarity=\(num(similarity)):blend=\(num(blend))"]
    }
}

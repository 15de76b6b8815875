import Foundation
import ReelTimeline

/// A media file ready to read, with what ffprobe said of it.
struct PreparedAsset: Sendable {
    var file: URL
    var info: MediaInfo
}

/// Everything the planner needs besides the timeline: local files, fonts, captions.
struct PlanInputs: Sendable {
    var assets: [MediaSource: PreparedAsset]
    var fonts: FontBook
    var captions: [MediaSource: [CaptionCue]]
    /// Shapes and SVG pictures as PNGs, by their drawing's key (see `VectorPictures.Drawing`).
    var vectors: [String: PreparedAsset] = [:]

    /// The natural length of each file, for `auto` lengths: media durations and the end of each caption file's last cue.
    var naturalLengths: [MediaSource: Double] {
        assets.compactMapValues(\.info.duration).merging(captions.mapValues(\.end)) { media, _ in media }
    }
}

/// One ffmpeg invocation: its inputs, its filter graph, and side files the graph reads.
struct RenderPlan {
    /// The arguments for each input, each ending in `-i PATH`.
    var inputs: [[String]] = []
    var graph = FilterGraph()
    var videoOutput: String?
    var audioOutput: String?
    /// Files the graph reads (drawtext text, ASS subtitles), by name inside the work directory.
    var sideFiles: [String: String] = [:]
    var duration: Double

    mutating func addInput(_ arguments: [String]) -> Int {
        inputs.append(arguments)
        return inputs.count - 1
    }

    /// Keeps `contents` in a side file and returns the path the graph reads it from.
    mutating func sideFile(_ name: String, _ contents: String, in directory: URL) -> String {
        sideFiles[name] = contents
        return directory.appendingPathComponent(name).path
    }
}

/// Which halves of the output a plan makes: both, or one for a chunked render's parts.
enum PlanContent {
    case everything, pictures, sound
}

/// Compiles a scheduled timeline into one `RenderPlan`.
struct RenderPlanner {
    var schedule: TimelineSchedule
    var timeline: Timeline
    var output: Output
    var inputs: PlanInputs
    var workDirectory: URL
    /// Raised when the render is canceled or out of time; long loops poll it.
    var cancellation = CancellationFlag()
    var content = PlanContent.everything

    var canvas: FrameSize { output.size }
    var fps: FrameRate { output.fps }

    func plan() throws(RenderError) -> RenderPlan {
        var plan = RenderPlan(duration: schedule.duration)
        if output.format.hasVideo && content != .sound {
            var compositor = Compositor(planner: self, plan: plan)
            try compositor.compose()
            plan = compositor.plan
        }
        if output.format.hasAudio && !output.mute && content != .pictures {
            var mixer = AudioMixer(planner: self, plan: plan)
            mixer.mix()
            plan = mixer.plan
        }
        return plan
    }

    func asset(_ source: MediaSource) throws(RenderError) -> PreparedAsset {
        guard let asset = inputs.assets[source] else {
            throw RenderError(.internalError, "\(source) was not fetched before planning")
        }
        return asset
    }
}

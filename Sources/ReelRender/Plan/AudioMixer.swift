import ReelTimeline

/// Builds the audio half of the graph: the sound of video clips, audio clips and
/// the soundtrack, each trimmed at its input, faded, delayed to its start and mixed.
struct AudioMixer {
    let planner: RenderPlanner
    var plan: RenderPlan
    private var voices: [String] = []

    init(planner: RenderPlanner, plan: RenderPlan) {
        self.planner = planner
        self.plan = plan
    }

    mutating func mix() {
        for clip in planner.schedule.tracks.joined() {
            switch clip.clip.asset {
            case .video(let video) where video.volume > 0 || video.volumeTweens != nil:
                guard let asset = planner.inputs.assets[video.src], asset.info.hasAudio else { continue }
                addVoice(asset, clip: clip, volume: video.volume, fade: video.playback.volumeEffect, tweens: video.volumeTweens)
            case .audio(let audio) where audio.volume > 0 || audio.volumeTweens != nil:
                guard let asset = planner.inputs.assets[audio.src], asset.info.hasAudio else { continue }
                addVoice(asset, clip: clip, volume: audio.volume, fade: audio.effect, tweens: audio.volumeTweens)
            case .speech(let speech) where speech.volume > 0:
                guard let asset = planner.inputs.assets[speech.spokenSource] else { continue }
                addVoice(asset, clip: clip, volume: speech.volume, fade: speech.effect, tweens: nil)
            default:
                continue
            }
        }
        if let soundtrack = planner.timeline.soundtrack, soundtrack.volume > 0,
            let asset = planner.inputs.assets[soundtrack.src], asset.info.hasAudio
        {
            let input = plan.addInput(["-ss", num(planner.schedule.soundtrackOffset), "-t", num(plan.duration), "-i", asset.file.path])
            let fades = fadeFilters(soundtrack.effect, length: plan.duration)
            voices.append(plan.graph.chain(["\(input):a"], normalize(volume: soundtrack.volume) + fades, hint: "a"))
        }
        guard !voices.isEmpty else {
            if !planner.output.format.hasVideo {
                plan.audioOutput = plan.graph.chain([], ["anullsrc=r=48000:cl=stereo", "atrim=end=\(num(plan.duration))"], hint: "mix")
            }
            return
        }
        let ending = ["apad=whole_dur=\(num(plan.duration))", "atrim=end=\(num(plan.duration))"]
        if voices.count == 1 {
            plan.audioOutput = plan.graph.chain(voices, ending, hint: "mix")
        } else {
            plan.audioOutput = plan.graph.chain(voices, ["amix=inputs=\(voices.count):duration=longest:normalize=0"] + ending, hint: "mix")
        }
    }

    private mutating func addVoice(_ asset: PreparedAsset, clip: ScheduledClip, volume: Double, fade: AudioFade?, tweens: [Tween]?) {
        let input = plan.addInput(["-ss", num(clip.sourceStart), "-t", num(clip.sourceLength), "-i", asset.file.path])
        // The tempo first: the tweened volume reads the clip's own time, which a speed changes.
        var filters = normalize(volume: tweens == nil ? volume : 1) + tempo(clip.clip.asset.speed)
        if let tweens { filters.append(tweenedVolume(tweens, clip: clip)) }
        filters += fadeFilters(fade, length: clip.length)
        if clip.start > 0 {
            filters.append("adelay=delays=\(Int((clip.start * 1000).rounded())):all=1")
        }
        voices.append(plan.graph.chain(["\(input):a"], filters, hint: "a"))
    }

    private func normalize(volume: Double) -> [String] {
        var filters = ["asetpts=PTS-STARTPTS", "aresample=48000", "aformat=sample_fmts=fltp:channel_layouts=stereo"]
        if volume != 1 { filters.append("volume=\(num(volume))") }
        return filters
    }

    /// The volume worked out for each block of samples, from the clip's own time.
    private func tweenedVolume(_ tweens: [Tween], clip: ScheduledClip) -> String {
        let volume = Expression.value(of: .tweens(tweens), time: "(t+\(num(clip.phase)))")
        return "volume=volume=\(escapeFilterValue("max(0,\(volume.text))")):eval=frame"
    }

    /// `atempo` changes the speed and keeps the pitch, each stage between half and twice the speed:
    /// a speed beyond that is a chain of stages.
    private func tempo(_ speed: Double) -> [String] {
        var stages: [String] = []
        var remaining = speed
        while remaining > 2 {
            stages.append("atempo=2")
            remaining /= 2
        }
        while remaining < 0.5 {
            stages.append("atempo=0.5")
            remaining /= 0.5
        }
        if remaining != 1 { stages.append("atempo=\(num(remaining))") }
        return stages
    }

    private func fadeFilters(_ fade: AudioFade?, length: Double) -> [String] {
        guard let fade else { return [] }
        let seconds = min(2, length / 4)
        var filters: [String] = []
        if fade.fadesIn { filters.append("afade=t=in:st=0:d=\(num(seconds))") }
        if fade.fadesOut { filters.append("afade=t=out:st=\(num(length - seconds)):d=\(num(seconds))") }
        return filters
    }
}

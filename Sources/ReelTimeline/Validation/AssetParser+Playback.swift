/// The playback fields of video and audio assets: `speed`, and a video's `volumeEffect` and `chromaKey`.
extension AssetParser {
    enum MediaKind { case video, audio }

    func playback(_ reader: ObjectReader, of kind: MediaKind) -> MediaPlayback {
        var playback = MediaPlayback()
        playback.speed = reader.number("speed", in: MediaPlayback.speedRange) ?? 1
        guard kind == .video else { return playback }
        playback.volumeEffect = reader.choice("volumeEffect", as: AudioFade.self)
        playback.chromaKey = reader.object("chromaKey").flatMap(chromaKey)
        return playback
    }

    private func chromaKey(_ reader: ObjectReader) -> ChromaKey? {
        if !reader.has("color") { log.invalid(reader.path("color"), "is required") }
        let color = request.color(reader, "color")
        // Shotstack's own defaults.
        let threshold = reader.number("threshold", in: ChromaKey.distanceRange) ?? 150
        let halo = reader.number("halo", in: ChromaKey.distanceRange) ?? 100
        reader.finish()
        return color.map { ChromaKey(color: $0, threshold: threshold, halo: halo) }
    }
}

/// What a preview renders instead of the request it was asked (the README's "Previews"): the same
/// timeline at a proxy's size and rate, which a person judges by eye in seconds rather than minutes.
public enum PreviewProxy {
    public static let shortEdge = 288
    public static let maxFramesPerSecond = 15.0

    /// `asked` with its output made a proxy: short edge at most 288 px (aspect kept, even pixels),
    /// at most 15 fps, a format a browser plays (MP4 for video, JPEG for a still, MP3 for audio), no
    /// poster or thumbnail and no callback. `output` is `asked`'s, as parsed.
    public static func request(_ asked: JSONValue, output: Output) -> JSONValue {
        guard case .object(var fields) = asked else { return asked }
        var proxy: [String: JSONValue] = if case .object(let given)? = fields["output"] { given } else { [:] }
        for key in ["resolution", "aspectRatio", "size", "poster", "thumbnail", "fps"] { proxy[key] = nil }
        let format: OutputFormat = output.format.isStill ? .jpg : output.format.hasVideo ? .mp4 : .mp3
        proxy["format"] = .string(format.rawValue)
        if format.hasVideo {
            let size = size(of: output.size)
            proxy["size"] = .object(["width": .number(Double(size.width)), "height": .number(Double(size.height))])
        }
        if format == .mp4 { proxy["fps"] = .number(min(output.fps.value, maxFramesPerSecond)) }
        fields["output"] = .object(proxy)
        fields["callback"] = nil
        return .object(fields)
    }

    /// `size` scaled down to a 288 px short edge, each side rounded to even pixels; a smaller frame is kept.
    public static func size(of size: FrameSize) -> FrameSize {
        guard size.shortEdge > shortEdge else { return size }
        let scale = Double(shortEdge) / Double(size.shortEdge)
        func even(_ side: Int) -> Int { max(2, Int((Double(side) * scale / 2).rounded()) * 2) }
        return FrameSize(width: even(size.width), height: even(size.height))
    }
}

/// A grey-scale image or video that masks the picture clips it overlaps on its own track, as Shotstack's
/// LumaAsset: white shows them, black hides them, grey partly.
public struct LumaAsset: Sendable, Equatable {
    public var src: MediaSource
    public var trim: Double
}

extension Asset {
    public var isMatte: Bool {
        if case .luma = self { return true }
        return false
    }
}

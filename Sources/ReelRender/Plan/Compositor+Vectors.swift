import Foundation
import ReelTimeline

extension Compositor {
    /// The file a still clip reads, and the crop it asks for: an image's own, or the PNG a shape or SVG became.
    func still(_ asset: Asset) throws(RenderError) -> (URL, Crop?) {
        if case .image(let image) = asset { return (try planner.asset(image.src).file, image.crop) }
        return (try planner.vectorPicture(asset).file, nil)
    }
}

extension Clip {
    /// A shape's sizes are pixels of the output: it is laid out at its own size, whatever the clip's `fit`.
    var placedAtItsOwnSizeIfAShape: Clip {
        guard case .shape = asset else { return self }
        var clip = self
        clip.fit = .none
        return clip
    }
}

import Foundation
import ReelTimeline

/// Shapes and SVG markup become PNG pictures with `rsvg-convert` (Debian's librsvg2-bin) before the render:
/// the graph then draws them as stills. A shape's SVG is written here from numbers and colours only.
enum VectorPictures {
    static let rsvgConvert = RendererConfiguration.locate("rsvg-convert")

    /// The SVG markup a shape or svg asset is drawn from, and the size it is rasterised at: a shape at its
    /// box, an SVG to fit the frame keeping its aspect ratio.
    static func picture(of asset: Asset, canvas: FrameSize) -> (markup: String, width: Int, height: Int, keepsAspect: Bool)? {
        switch asset {
        case .shape(let shape):
            let width = shape.width ?? canvas.width
            let height = shape.height ?? canvas.height
            return (markup(of: shape, width: width, height: height), width, height, false)
        case .svg(let svg):
            return (svg.markup, canvas.width, canvas.height, true)
        default:
            return nil
        }
    }

    private static func markup(of shape: ShapeAsset, width: Int, height: Int) -> String {
        let centreX = Double(width) / 2
        let centreY = Double(height) / 2
        let element: String
        switch shape.kind {
        case .rectangle(let rectangleWidth, let rectangleHeight, let radius):
            element = rect(centreX: centreX, centreY: centreY, width: rectangleWidth, height: rectangleHeight, radius: radius)
        case .circle(let radius):
            element = "<circle cx=\"\(num(centreX))\" cy=\"\(num(centreY))\" r=\"\(radius)\""
        case .line(let length, let thickness):
            element = rect(centreX: centreX, centreY: centreY, width: length, height: thickness, radius: 0)
        }
        var paint = ""
        if let fill = shape.fill {
            paint += " fill=\"\(hex(fill.color))\" fill-opacity=\"\(num(fill.opacity * Double(fill.color.alpha) / 255))\""
        } else {
            paint += " fill=\"none\""
        }
        if let stroke = shape.stroke, stroke.width > 0 {
            paint += " stroke=\"\(hex(stroke.color))\" stroke-opacity=\"\(num(Double(stroke.color.alpha) / 255))\" stroke-width=\"\(num(stroke.width))\""
        }
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\">\(element)\(paint)/></svg>"
    }

    private static func rect(centreX: Double, centreY: Double, width: Int, height: Int, radius: Int) -> String {
        "<rect x=\"\(num(centreX - Double(width) / 2))\" y=\"\(num(centreY - Double(height) / 2))\" width=\"\(width)\" height=\"\(height)\" rx=\"\(radius)\" ry=\"\(radius)\""
    }

    private static func hex(_ color: RGBAColor) -> String {
        "#" + [color.red, color.green, color.blue].map { byte in
            let digits = String(byte, radix: 16)
            return digits.count == 1 ? "0" + digits : digits
        }.joined()
    }

    /// Rasterises `markup` into a PNG in a folder of its own under `work`: librsvg reads files an SVG
    /// refers to only from the SVG's own folder, where there is nothing else, and reads no URLs.
    static func rasterise(
        _ picture: (markup: String, width: Int, height: Int, keepsAspect: Bool), index: Int, work: URL, path: String
    ) async throws(RenderError) -> URL {
        let folder = work.appendingPathComponent("vector-\(index)")
        let source = folder.appendingPathComponent("picture.svg")
        let output = work.appendingPathComponent("vector-\(index).png")
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data(picture.markup.utf8).write(to: source)
        } catch {
            throw RenderError(.internalError, "could not write an SVG picture: \(error)")
        }
        var arguments = ["--width", String(picture.width), "--height", String(picture.height)]
        if picture.keepsAspect { arguments.append("--keep-aspect-ratio") }
        arguments += ["--format", "png", "--output", output.path, source.path]
        let result: FFmpegProcess.Result
        do {
            result = try await FFmpegProcess(executable: rsvgConvert, arguments: arguments, timeout: .seconds(30)).run()
        } catch {
            throw RenderError(.internalError, "rsvg-convert could not run: \(error)")
        }
        guard result.status == 0 else {
            throw RenderError(.invalidAsset, "\(path): is not SVG that librsvg can draw: \(result.stderrTail.prefix(300))", path: path)
        }
        return output
    }
}

extension Renderer {
    /// Each distinct shape and SVG of the request as a PNG, by its markup.
    func rasteriseVectors(_ request: RenderRequest, work: URL) async throws(RenderError) -> [String: PreparedAsset] {
        var pictures: [String: PreparedAsset] = [:]
        let probe = MediaProbe(ffprobePath: configuration.ffprobePath)
        for (trackIndex, track) in request.timeline.tracks.enumerated() {
            for (clipIndex, clip) in track.clips.enumerated() {
                guard let picture = VectorPictures.picture(of: clip.asset, canvas: request.output.size),
                    pictures[picture.markup] == nil
                else { continue }
                let path = "timeline.tracks[\(trackIndex)].clips[\(clipIndex)].asset"
                let file = try await VectorPictures.rasterise(picture, index: pictures.count, work: work, path: path)
                let info = try await probe.probe(file)
                pictures[picture.markup] = PreparedAsset(file: file, info: info)
                try checkNotCanceled()
            }
        }
        return pictures
    }
}

extension RenderPlanner {
    /// The PNG a shape or svg asset was rasterised into.
    func vectorPicture(_ asset: Asset) throws(RenderError) -> PreparedAsset {
        guard let picture = VectorPictures.picture(of: asset, canvas: canvas), let prepared = inputs.vectors[picture.markup] else {
            throw RenderError(.internalError, "a vector picture was not rasterised before planning")
        }
        return prepared
    }
}

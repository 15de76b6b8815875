import Foundation
import ReelTimeline

/// Shapes and SVG markup become PNG pictures with `rsvg-convert` (Debian's librsvg2-bin) before the render:
/// the graph then draws them as stills. A shape's SVG is written here from numbers and colours only.
enum VectorPictures {
    static let rsvgConvert = RendererConfiguration.locate("rsvg-convert")

    /// What a shape or svg asset is drawn from and at what size: a shape at its box, from markup written
    /// here; an SVG to fit the frame keeping its aspect ratio, from its markup or its file. `key` names the
    /// picture among the render's: the markup, or the file's source.
    struct Drawing {
        var key: String
        var markup: String?
        var file: MediaSource?
        var width: Int
        var height: Int
        var keepsAspect: Bool
    }

    static func drawing(of asset: Asset, canvas: FrameSize) -> Drawing? {
        switch asset {
        case .shape(let shape):
            let width = shape.width ?? canvas.width
            let height = shape.height ?? canvas.height
            let markup = markup(of: shape, width: width, height: height)
            return Drawing(key: markup, markup: markup, width: width, height: height, keepsAspect: false)
        case .svg(let svg):
            switch svg.content {
            case .markup(let markup):
                return Drawing(key: markup, markup: markup, width: canvas.width, height: canvas.height, keepsAspect: true)
            case .file(let source):
                return Drawing(key: "file \(source)", file: source, width: canvas.width, height: canvas.height, keepsAspect: true)
            }
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
    static func rasterise(_ markup: String, _ picture: Drawing, index: Int, work: URL, path: String) async throws(RenderError) -> URL {
        let folder = work.appendingPathComponent("vector-\(index)")
        let source = folder.appendingPathComponent("picture.svg")
        let output = work.appendingPathComponent("vector-\(index).png")
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data(markup.utf8).write(to: source)
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
    /// Each distinct shape and SVG of the request as a PNG, by its drawing's key; `files` holds the fetched SVG files.
    func rasteriseVectors(_ request: RenderRequest, work: URL, files: [MediaSource: URL]) async throws(RenderError) -> [String: PreparedAsset] {
        var pictures: [String: PreparedAsset] = [:]
        let probe = MediaProbe(ffprobePath: configuration.ffprobePath)
        for (clip, clipPath) in request.timeline.clipsWithPaths {
            guard let picture = VectorPictures.drawing(of: clip.asset, canvas: request.output.size), pictures[picture.key] == nil
            else { continue }
            let path = clipPath + ".asset"
            // A box may be set on one side only; the frame gives the other.
            guard picture.width * picture.height <= configuration.limits.maxPixels else {
                throw RenderError(.invalidTimeline, "\(path): its box is \(picture.width)×\(picture.height) pixels, more than the \(configuration.limits.maxPixels) allowed", path: path)
            }
            var markup = picture.markup ?? ""
            if let source = picture.file, let file = files[source] { markup = try svgMarkup(in: file, path: path + ".src") }
            let file = try await VectorPictures.rasterise(markup, picture, index: pictures.count, work: work, path: path)
            let info = try await probe.probe(file)
            pictures[picture.key] = PreparedAsset(file: file, info: info)
            try checkNotCanceled()
        }
        return pictures
    }
}

extension Renderer {
    /// An SVG file's markup, bounded as markup in a request is (in bytes: four per character).
    private func svgMarkup(in file: URL, path: String) throws(RenderError) -> String {
        let limit = 4 * configuration.limits.maxSvgLength
        let size = (try? FileManager.default.attributesOfItem(atPath: file.path)[.size] as? NSNumber)?.intValue ?? 0
        guard size <= limit, let data = FileManager.default.contents(atPath: file.path),
            let markup = String(data: data, encoding: .utf8), markup.contains("<svg")
        else {
            throw RenderError(.invalidAsset, "\(path): is not an SVG file of at most \(limit) bytes", path: path)
        }
        return markup
    }
}

extension RenderPlanner {
    /// The PNG a shape or svg asset was rasterised into.
    func vectorPicture(_ asset: Asset) throws(RenderError) -> PreparedAsset {
        guard let picture = VectorPictures.drawing(of: asset, canvas: canvas), let prepared = inputs.vectors[picture.key] else {
            throw RenderError(.internalError, "a vector picture was not rasterised before planning")
        }
        return prepared
    }
}

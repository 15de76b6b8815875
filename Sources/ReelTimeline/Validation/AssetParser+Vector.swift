/// The `shape` and `svg` assets.
extension AssetParser {
    private static let pixels: ClosedRange<Double> = 1...7680

    func shape(_ reader: ObjectReader) -> Asset? {
        let name = reader.string("shape", required: true)
        let width = reader.number("width", in: Self.pixels).map { Int($0) }
        let height = reader.number("height", in: Self.pixels).map { Int($0) }
        let fill = reader.object("fill").map(shapeFill)
        let stroke = reader.object("stroke").map(shapeStroke)
        var kind: ShapeAsset.Kind?
        switch name {
        case nil: break
        case "rectangle"?:
            kind = shapeDetails(reader, "rectangle") { details in
                let width = details.number("width", in: Self.pixels)
                let height = details.number("height", in: Self.pixels)
                let radius = details.number("cornerRadius", in: 0...3840) ?? 0
                if !details.has("width") { log.invalid(details.path("width"), "is required") }
                if !details.has("height") { log.invalid(details.path("height"), "is required") }
                guard let width, let height else { return nil }
                return .rectangle(width: Int(width), height: Int(height), cornerRadius: Int(radius))
            }
        case "circle"?:
            kind = shapeDetails(reader, "circle") { details in
                if !details.has("radius") { log.invalid(details.path("radius"), "is required") }
                return details.number("radius", in: 1...3840).map { .circle(radius: Int($0)) }
            }
        case "line"?:
            kind = shapeDetails(reader, "line") { details in
                let length = details.number("length", in: Self.pixels)
                let thickness = details.number("thickness", in: Self.pixels)
                if !details.has("length") { log.invalid(details.path("length"), "is required") }
                if !details.has("thickness") { log.invalid(details.path("thickness"), "is required") }
                guard let length, let thickness else { return nil }
                return .line(length: Int(length), thickness: Int(thickness))
            }
        case let other?:
            log.invalid(reader.path("shape"), "must be one of 'rectangle', 'circle', 'line', not '\(other)'")
        }
        if fill == nil, stroke == nil { log.invalid(reader.path, "a shape needs a fill, a stroke or both") }
        if let width, let height, width * height > request.limits.maxPixels {
            log.invalid(reader.path, "its box is \(width)×\(height) pixels, more than the \(request.limits.maxPixels) allowed")
        }
        return kind.map { .shape(ShapeAsset(kind: $0, width: width, height: height, fill: fill, stroke: stroke)) }
    }

    /// The object named after the shape, which holds its sizes.
    private func shapeDetails(_ reader: ObjectReader, _ key: String, _ read: (ObjectReader) -> ShapeAsset.Kind?) -> ShapeAsset.Kind? {
        guard let details = reader.object(key) else {
            if !reader.has(key) { log.invalid(reader.path(key), "is required for a \(key)") }
            return nil
        }
        let kind = read(details)
        details.finish()
        return kind
    }

    private func shapeFill(_ reader: ObjectReader) -> ShapeFill {
        let color = request.color(reader, "color") ?? .white
        let opacity = reader.number("opacity", in: 0...1) ?? 1
        reader.finish()
        return ShapeFill(color: color, opacity: opacity)
    }

    private func shapeStroke(_ reader: ObjectReader) -> ShapeStroke {
        let color = request.color(reader, "color") ?? .black
        let width = reader.number("width", in: 0...500) ?? 1
        reader.finish()
        return ShapeStroke(color: color, width: width)
    }

    /// `src` is SVG markup, or the URL (or local path) of an SVG file.
    func svg(_ reader: ObjectReader) -> Asset? {
        guard case .string(let text)? = reader.value("src"), text.drop(while: \.isWhitespace).hasPrefix("<") else {
            return request.source(reader, "src").map { .svg(SvgAsset(content: .file($0))) }
        }
        guard let markup = reader.string("src", required: true, maxLength: request.limits.maxSvgLength) else { return nil }
        guard markup.contains("<svg") else {
            log.invalid(reader.path("src"), "must be SVG markup ('<svg …>…</svg>') or the URL of an SVG file")
            return nil
        }
        return .svg(SvgAsset(content: .markup(markup)))
    }
}

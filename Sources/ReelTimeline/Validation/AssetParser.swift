/// Reads the `asset` of a clip, by its `type`.
struct AssetParser {
    let request: RequestParser
    var log: IssueLog { request.log }

    func asset(_ reader: ObjectReader) -> Asset? {
        guard let type = reader.string("type", required: true) else { return nil }
        let asset: Asset?
        switch type {
        case "video": asset = video(reader)
        case "image": asset = image(reader)
        case "text", "title": asset = text(reader)
        case "audio": asset = audio(reader)
        case "color": asset = color(reader)
        case "caption": asset = caption(reader)
        case "shape": asset = shape(reader)
        case "svg": asset = svg(reader)
        case "text-to-speech": asset = speech(reader)
        case "luma": asset = luma(reader)
        default:
            log.unsupported(reader.path("type"), "asset type '\(type)' is not supported; use video, image, text, audio, color, caption, shape, svg, text-to-speech or luma")
            return nil
        }
        reader.finish()
        return asset
    }

    private func video(_ reader: ObjectReader) -> Asset? {
        let src = request.source(reader, "src")
        let trim = reader.number("trim", in: 0...86_400) ?? 0
        let volume = TweenParser(request: request).animated(reader, "volume", in: 0...10) ?? .fixed(1)
        let crop = reader.object("crop").map(crop)
        let playback = playback(reader, of: .video)
        return src.map { .video(VideoAsset(src: $0, trim: trim, volume: volume.value(at: 0), crop: crop, volumeTweens: volume.tweenList, playback: playback)) }
    }

    private func image(_ reader: ObjectReader) -> Asset? {
        let src = request.source(reader, "src")
        let crop = reader.object("crop").map(crop)
        return src.map { .image(ImageAsset(src: $0, crop: crop)) }
    }

    private func audio(_ reader: ObjectReader) -> Asset? {
        let src = request.source(reader, "src")
        let trim = reader.number("trim", in: 0...86_400) ?? 0
        let volume = TweenParser(request: request).animated(reader, "volume", in: 0...10) ?? .fixed(1)
        let effect = reader.choice("effect", as: AudioFade.self)
        let playback = playback(reader, of: .audio)
        return src.map { .audio(AudioAsset(src: $0, trim: trim, volume: volume.value(at: 0), effect: effect, volumeTweens: volume.tweenList, playback: playback)) }
    }

    private func luma(_ reader: ObjectReader) -> Asset? {
        let src = request.source(reader, "src")
        let trim = reader.number("trim", in: 0...86_400) ?? 0
        return src.map { .luma(LumaAsset(src: $0, trim: trim)) }
    }

    private func color(_ reader: ObjectReader) -> Asset? {
        if !reader.has("color") { log.invalid(reader.path("color"), "is required") }
        return request.color(reader, "color").map { .color(ColorAsset(color: $0)) }
    }

    private func text(_ reader: ObjectReader) -> Asset? {
        let text = reader.string("text", required: true, maxLength: request.limits.maxTextLength)
        let font = reader.object("font").map(font) ?? .default
        let alignment = reader.object("alignment").map(alignment) ?? .centered
        let background = reader.object("background").map(background)
        let width = reader.number("width", in: 1...7680).map { Int($0) }
        let height = reader.number("height", in: 1...7680).map { Int($0) }
        let animation = reader.object("animation").map(textAnimation)
        if let text, text.isEmpty { log.invalid(reader.path("text"), "must not be empty") }
        if animation != nil, let text, text.count > request.limits.maxAnimatedTextLength {
            log.invalid(reader.path("animation"), "animates a text of at most \(request.limits.maxAnimatedTextLength) characters")
        }
        if animation != nil, background != nil {
            log.unsupported(reader.path("animation"), "a text with a background cannot be animated")
        }
        return text.map {
            .text(TextAsset(text: $0, font: font, alignment: alignment, background: background, width: width, height: height, animation: animation))
        }
    }

    private func textAnimation(_ reader: ObjectReader) -> TextAnimation {
        let preset = reader.choice("preset", as: TextAnimation.Preset.self)
        if !reader.has("preset") { log.invalid(reader.path("preset"), "is required") }
        let duration = reader.number("duration", in: 0.1...30)
        reader.finish()
        return TextAnimation(preset: preset ?? .typewriter, duration: duration)
    }

    private func caption(_ reader: ObjectReader) -> Asset? {
        let src = request.source(reader, "src")
        let font = reader.object("font").map(font)
        let background = reader.object("background").map(background)
        let margin = reader.number("margin", in: 0...0.5) ?? 0.05
        return src.map { .caption(CaptionAsset(src: $0, font: font, background: background, margin: margin)) }
    }

    private func crop(_ reader: ObjectReader) -> Crop {
        let crop = Crop(
            top: reader.number("top", in: 0...1) ?? 0, bottom: reader.number("bottom", in: 0...1) ?? 0,
            left: reader.number("left", in: 0...1) ?? 0, right: reader.number("right", in: 0...1) ?? 0)
        if crop.top + crop.bottom >= 1 || crop.left + crop.right >= 1 {
            log.invalid(reader.path, "must leave part of the image: top + bottom and left + right must be below 1")
        }
        reader.finish()
        return crop
    }

    private func font(_ reader: ObjectReader) -> TextFont {
        var font = TextFont.default
        if let family = reader.string("family", maxLength: 64) {
            if isSafeFontFamily(family) {
                font.family = family
            } else {
                log.invalid(reader.path("family"), "must be a font family name of letters, digits, spaces, '-', '_' or '.'")
            }
        }
        font.size = reader.number("size", in: 1...1000) ?? font.size
        font.color = request.color(reader, "color") ?? font.color
        font.weight = reader.number("weight", in: 100...900).map { Int($0) } ?? font.weight
        font.lineHeight = reader.number("lineHeight", in: 0.5...5) ?? font.lineHeight
        reader.finish()
        return font
    }

    private func alignment(_ reader: ObjectReader) -> TextAlignment {
        let horizontal = reader.choice("horizontal", as: TextAlignment.Horizontal.self) ?? .center
        let vertical = reader.choice("vertical", as: TextAlignment.Vertical.self) ?? .center
        reader.finish()
        return TextAlignment(horizontal: horizontal, vertical: vertical)
    }

    private func background(_ reader: ObjectReader) -> TextBackground {
        let color = request.color(reader, "color") ?? .black
        let opacity = reader.number("opacity", in: 0...1) ?? 1
        let padding = reader.number("padding", in: 0...500).map { Int($0) } ?? 0
        reader.finish()
        return TextBackground(color: color, opacity: opacity, padding: padding)
    }
}

/// Font families reach fontconfig and ASS style lines, so they are kept to plain names.
func isSafeFontFamily(_ family: String) -> Bool {
    !family.isEmpty && family.unicodeScalars.allSatisfy { scalar in
        scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || " -_.".unicodeScalars.contains(scalar)
    }
}

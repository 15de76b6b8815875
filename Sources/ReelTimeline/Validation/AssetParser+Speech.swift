/// The `text-to-speech` asset.
extension AssetParser {
    func speech(_ reader: ObjectReader) -> Asset? {
        let text = reader.string("text", required: true, maxLength: request.limits.maxSpeechLength)
        let voice = reader.string("voice", maxLength: 32)
        let language = reader.string("language", maxLength: 16) ?? "en-US"
        let volume = reader.number("volume", in: 0...10) ?? 1
        let effect = reader.choice("effect", as: AudioFade.self)
        if let text, text.allSatisfy(\.isWhitespace) { log.invalid(reader.path("text"), "must have something to say") }
        if let voice, !isPlainName(voice, allowing: "-_") {
            log.invalid(reader.path("voice"), "must be a voice name of letters, digits, '-' or '_'")
        }
        if !isPlainName(language, allowing: "-") {
            log.invalid(reader.path("language"), "must be a language tag like 'en-US' (letters, digits and '-')")
        }
        return text.map { .speech(SpeechAsset(text: $0, voice: voice, language: language, volume: volume, effect: effect)) }
    }

    /// Voices and languages reach espeak-ng's arguments: plain ASCII names only.
    private func isPlainName(_ name: String, allowing extra: String) -> Bool {
        !name.isEmpty && name.first != "-" && name.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || extra.unicodeScalars.contains(scalar))
        }
    }
}

/// Text spoken offline by espeak-ng, as Shotstack's TextToSpeechAsset: its sound plays as an audio clip's.
public struct SpeechAsset: Sendable, Equatable {
    public var text: String
    /// An espeak-ng voice variant (`m3`, `f2`, `Annie`…); nil, or a name espeak-ng lacks, is the language's own voice.
    public var voice: String?
    /// A language tag: `en-US`, `fr`, `pt-BR`…
    public var language: String
    public var volume: Double
    public var effect: AudioFade?

    /// What stands for the speech's sound among the media: it has no file of its own until the render
    /// speaks it, and its length, like a file's, is what an `auto` length waits for.
    public var spokenSource: MediaSource {
        .file("text-to-speech:\(language):\(voice ?? ""):\(text)")
    }
}

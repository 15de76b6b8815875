import Foundation
import ReelRender
import ReelTimeline
import Testing

/// Tweens and transforms, checked where the pixels land: a red box on black, 320x180 at 25 fps.
@Suite struct MotionTests {
    /// A red box, a fifth of the frame unless `fields` scale it, over two seconds.
    static func box(_ fields: String) -> String {
        let scale = fields.contains(##""scale""##) ? "" : ##", "scale": 0.2"##
        return ##"{"clips": [{"asset": {"type": "color", "color": "#ff0000"}, "start": 0, "length": 2\##(scale)\##(fields)}]}"##
    }

    @Test func anOpacityTweenBlendsInLinearly() async throws {
        let scratch = try Scratch()
        defer { scratch.cleanUp() }
        let white = colorTrack("#ffffff", extra: ##", "opacity": [{"from": 0, "to": 1, "start": 0, "length": 1}]"##)
        let output = try await scratch.render(request(tracks: white + "," + colorTrack("#000000")), to: "opacity.mp4").output
        // Frame times at 25 fps, near a quarter, a half and three quarters of the tween.
        for time in [0.24, 0.52, 0.76] {
            let green = try await Frame(of: output, at: time).pixel(at: 0.5, 0.5).g
            #expect(abs(Double(green) - 255 * time) <= 8, "\(green) at \(time) s")
        }
        #expect(try await Frame(of: output, at: 1.5).pixel(at: 0.5, 0.5).g > 245)
    }

    @Test func anOffsetTweenMovesTheBoxAlongItsPath() async throws {
        let scratch = try Scratch()
        defer { scratch.cleanUp() }
        let linear = ##", "offset": {"x": [{"from": -0.3, "to": 0.3, "start": 0, "length": 2}]}"##
        let eased = ##", "offset": {"y": [{"from": -0.25, "to": 0.25, "start": 0, "length": 2, "interpolation": "bezier", "easing": "easeInOutSine"}]}"##
        let linearOutput = try await scratch.render(request(tracks: Self.box(linear)), to: "linear.mp4").output
        let easedOutput = try await scratch.render(request(tracks: Self.box(eased)), to: "eased.mp4").output
        for frame in [0, 12, 25, 37, 49] {
            let time = Double(frame) / 25
            let across = try #require(try await Frame(of: linearOutput, at: time).redCentroid)
            #expect(abs(across.x - (160 + (-0.3 + 0.6 * time / 2) * 320)) <= 2 && abs(across.y - 90) <= 2, "\(across) at \(time) s")
            // easings.net's easeInOutSine: -(cos(πx) - 1) / 2; a positive y offset moves the box up.
            let progress = (1 - cos(Double.pi * time / 2)) / 2
            let down = try #require(try await Frame(of: easedOutput, at: time).redCentroid)
            #expect(abs(down.y - (90 - (-0.25 + 0.5 * progress) * 180)) <= 2 && abs(down.x - 160) <= 2, "\(down) at \(time) s")
        }
    }

    /// A picture is drawn at most twice the frame's size; a larger gliding box is placed by `perspective`,
    /// which stretches that picture to the box.
    @Test func aGlidingBoxLargerThanTwiceTheFrameKeepsItsSize() async throws {
        let scratch = try Scratch()
        defer { scratch.cleanUp() }
        // 800x450, its centre moving from the frame's centre to 160 px left of the frame.
        let large = ##", "scale": 2.5, "offset": {"x": [{"from": 0, "to": -1, "start": 0, "length": 2}]}"##
        let output = try await scratch.render(request(tracks: Self.box(large)), to: "large.mp4").output
        for time in [1.8, 1.96] {
            let bounds = try #require(try await Frame(of: output, at: time).redBounds)
            let right = 160 - 320 * time / 2 + 400
            #expect(bounds.left == 0 && abs(bounds.left + bounds.width - right) <= 3, "\(bounds) at \(time) s")
        }
    }

    @Test func scaleAndRotationTweensSizeAndTurnTheBox() async throws {
        let scratch = try Scratch()
        defer { scratch.cleanUp() }
        let scaled = ##", "scale": [{"from": 0.2, "to": 0.5, "start": 0, "length": 2}]"##
        let scaledOutput = try await scratch.render(request(tracks: Self.box(scaled)), to: "scale.mp4").output
        for time in [0.0, 1.0, 1.96] {
            let scale = 0.2 + 0.3 * time / 2
            let bounds = try #require(try await Frame(of: scaledOutput, at: time).redBounds)
            #expect(abs(bounds.width - 320 * scale) <= 3 && abs(bounds.height - 180 * scale) <= 3, "\(bounds) at \(time) s")
        }
        let turned = ##", "scale": 0.3, "transform": {"rotate": {"angle": [{"from": 0, "to": 90, "start": 0, "length": 2}]}}"##
        let turnedOutput = try await scratch.render(request(tracks: Self.box(turned)), to: "rotate.mp4").output
        for time in [0.0, 1.0, 2.0 - 0.04] {
            let angle = 90 * time / 2 * Double.pi / 180
            let (width, height) = (96.0, 54.0)
            let bounds = try #require(try await Frame(of: turnedOutput, at: time).redBounds)
            #expect(abs(bounds.width - (width * cos(angle) + height * sin(angle))) <= 3, "\(bounds) at \(time) s")
            #expect(abs(bounds.height - (width * sin(angle) + height * cos(angle))) <= 3, "\(bounds) at \(time) s")
            #expect(abs(bounds.midX - 160) <= 2 && abs(bounds.midY - 90) <= 2, "turns about its centre: \(bounds)")
        }
    }

    @Test func flipsAndSkewsMoveAMarkedCorner() async throws {
        let scratch = try Scratch()
        defer { scratch.cleanUp() }
        // A 64x36 red picture whose top-left 16x12 is green.
        _ = try await scratch.ffmpeg([
            "-f", "lavfi", "-i", "color=c=red:s=64x36", "-vf", "drawbox=x=0:y=0:w=16:h=12:c=lime:t=fill", "-frames:v", "1", "marked.png",
        ])
        func render(_ extra: String, _ name: String) async throws -> Frame {
            let track = ##"{"clips": [{"asset": {"type": "image", "src": "marked.png"}, "start": 0, "length": 1, "fit": "none"\##(extra)}]}"##
            return try await Frame(of: try await scratch.render(request(tracks: track), to: name, base: scratch.folder).output, at: 0.5)
        }
        let plain = try #require(try await render("", "plain.mp4").greenCentroid)
        // The box spans 128–192 by 72–108; the mark's centre is 8 and 6 pixels in from its corner.
        #expect(abs(plain.x - 136) <= 2 && abs(plain.y - 78) <= 2, "\(plain)")
        let flipped = try #require(try await render(##", "transform": {"flip": {"horizontal": true}}"##, "flipH.mp4").greenCentroid)
        #expect(abs(flipped.x - 184) <= 2 && abs(flipped.y - 78) <= 2, "\(flipped)")
        let upsideDown = try #require(try await render(##", "transform": {"flip": {"vertical": true}}"##, "flipV.mp4").greenCentroid)
        #expect(abs(upsideDown.x - 136) <= 2 && abs(upsideDown.y - 102) <= 2, "\(upsideDown)")
        // A 0.1 skew puts the top edge 32 pixels (a tenth of the frame) right of the bottom one: the mark's
        // centre, 12 pixels above the box's, moves 32 × 12 / 36 = 10.7 pixels right.
        let skewed = try #require(try await render(##", "transform": {"skew": {"x": 0.1}}"##, "skew.mp4").greenCentroid)
        #expect(abs(skewed.x - (136 + 32.0 * 12 / 36)) <= 2 && abs(skewed.y - 78) <= 2, "\(skewed)")
    }

    @Test func aVolumeTweenShapesTheSound() async throws {
        let scratch = try Scratch()
        defer { scratch.cleanUp() }
        let tone = try await scratch.ffmpeg(["-f", "lavfi", "-i", "sine=f=440:d=2:sample_rate=48000", "-ac", "2", "tone.wav"])
        let track = ##"""
            {"clips": [{"asset": {"type": "audio", "src": "tone.wav", "volume": [{"from": 1, "to": 0.2, "start": 0.5, "length": 1}]}, "start": 0, "length": 2}]}
            """##
        let output = try await scratch.render(request(tracks: track), to: "volume.mp4", base: scratch.folder).output
        let full = try await rms(of: tone, from: 0.2, to: 0.4)
        for (start, volume) in [(0.2, 1.0), (0.95, 0.6), (1.7, 0.2)] {
            let level = try await rms(of: output, from: start, to: start + 0.1)
            #expect(abs(level / full - volume) <= 0.08, "\(level / full) of the tone's level at \(start) s")
        }
    }

    @Test func aLongClipsBoundsAreSampledAndStillHoldItsPath() async throws {
        let scratch = try Scratch()
        defer { scratch.cleanUp() }
        // 61 s: more frames than the bounds are worked out at. An easeOutBack tween overshoots between samples.
        let clip = ##"{"clips": [{"asset": {"type": "color", "color": "#ff0000"}, "start": 0, "length": 61, "scale": 0.2, "offset": {"x": [{"from": -0.3, "to": 0.2, "start": 0, "length": 60, "easing": "easeOutBack"}]}}]}"##
        let output = try await scratch.render(request(tracks: clip, output: ##"{"format": "mp4", "size": {"width": 320, "height": 180}, "fps": 25, "range": {"start": 40, "length": 0.5}}"##), to: "long.mp4").output
        let progress = Easing.easeOutBack.curve.y(atX: 40.0 / 60)
        let box = try #require(try await Frame(of: output, at: 0).redCentroid)
        #expect(progress > 1, "past its end value at 40 s")
        #expect(abs(box.x - (160 + (-0.3 + 0.5 * progress) * 320)) <= 2, "\(box)")
    }

    @Test func aMovingClipCrossfadesWithTheClipBeforeIt() async throws {
        let scratch = try Scratch()
        defer { scratch.cleanUp() }
        let track = ##"""
            {"clips": [
              {"asset": {"type": "color", "color": "#0000ff"}, "start": 0, "length": 2},
              {"asset": {"type": "color", "color": "#ff0000"}, "start": 1.5, "length": 1.5, "scale": 0.3, "transition": {"in": "fade"},
               "offset": {"x": [{"from": 0, "to": 0.2, "start": 0.5, "length": 1}]}}
            ]}
            """##
        let output = try await scratch.render(request(tracks: track), to: "joined.mp4").output
        // After the crossfade, the box is drawn at its own place in the joined clips' full-frame stream.
        let box = try #require(try await Frame(of: output, at: 2.5).redBounds)
        #expect(abs(box.width - 96) <= 3 && abs(box.height - 54) <= 3 && abs(box.midY - 90) <= 2, "\(box)")
        #expect(abs(box.midX - (160 + 0.2 * 320 * 0.5)) <= 3, "\(box)")
    }

    @Test func aTypewriterShowsMoreOfItsTextAsItGoes() async throws {
        let scratch = try Scratch()
        defer { scratch.cleanUp() }
        let text = ##"{"clips": [{"asset": {"type": "text", "text": "Typewriter", "font": {"size": 40}, "animation": {"preset": "typewriter", "duration": 1}}, "start": 0, "length": 2}]}"##
        let output = try await scratch.render(request(tracks: text), to: "typewriter.mp4").output
        var ink: [Int] = []
        for time in [0.24, 0.6, 1.2] {
            ink.append(try await Frame(of: output, at: time).inkPixels(x: 0..<320))
        }
        #expect(ink[0] > 20 && ink[1] > ink[0] + 100 && ink[2] > ink[1] + 100, "\(ink)")
    }

    /// Each character or word is a drawtext of its own, which puts its baseline as far below `y` as its
    /// own highest glyph rises: without lining them up, "l" stood higher than "a" and "." floated.
    @Test(arguments: ["typewriter", "fadeInWords", "slideInWords"])
    func oncePresentedAnAnimatedTextIsTheSameTextDrawnWhole(preset: String) async throws {
        let scratch = try Scratch()
        defer { scratch.cleanUp() }
        func track(_ animation: String) -> String {
            ##"{"clips": [{"asset": {"type": "text", "text": "Hello, tall world. Quick gray jumps.", "font": {"size": 28}, "width": 300\##(animation)}, "start": 0, "length": 2}]}"##
        }
        let output = ##"{"format": "mp4", "size": {"width": 320, "height": 180}, "fps": 25, "quality": "veryhigh"}"##
        let animation = ##", "animation": {"preset": "\##(preset)", "duration": 1}"##
        let animated = try await scratch.render(request(tracks: track(animation), output: output), to: "animated.mp4").output
        let whole = try await scratch.render(request(tracks: track(""), output: output), to: "whole.mp4").output
        let presented = try await Frame(of: animated, at: 1.6)
        #expect(presented.inkPixels(x: 0..<320) > 500)
        let changed = presented.changedPixels(from: try await Frame(of: whole, at: 1.6), x: 0..<320, y: 0..<180)
        #expect(changed <= 40, "\(changed) pixels differ")
    }

    @Test func fadeInWordsShowsTheFirstWordBeforeTheLast() async throws {
        let scratch = try Scratch()
        defer { scratch.cleanUp() }
        let text = ##"{"clips": [{"asset": {"type": "text", "text": "Left Right", "font": {"size": 40}, "animation": {"preset": "fadeInWords", "duration": 1}}, "start": 0, "length": 2}]}"##
        let output = try await scratch.render(request(tracks: text), to: "words.mp4").output
        // Each word fades in over half a second: the first by 0.5 s, the second from then to 1 s.
        let early = try await Frame(of: output, at: 0.4)
        #expect(early.inkPixels(x: 0..<150) > 100 && early.inkPixels(x: 170..<320) == 0)
        let late = try await Frame(of: output, at: 1.2)
        #expect(late.inkPixels(x: 170..<320) > 100)
    }

    @Test func aTextFollowsItsOffsetAndOpacityTweens() async throws {
        let scratch = try Scratch()
        defer { scratch.cleanUp() }
        let text = ##"{"clips": [{"asset": {"type": "text", "text": "Go", "font": {"size": 40}}, "start": 0, "length": 2, "offset": {"x": [{"from": -0.3, "to": 0.3, "start": 0, "length": 1.96}]}, "opacity": [{"from": 1, "to": 0, "start": 1.2, "length": 0.4}]}]}"##
        let output = try await scratch.render(request(tracks: text), to: "text.mp4").output
        let start = try #require(try await Frame(of: output, at: 0).centroid { $0.g > 100 })
        let middle = try #require(try await Frame(of: output, at: 0.96).centroid { $0.g > 100 })
        #expect(abs(start.x - (160 - 96)) <= 3 && abs(middle.x - (160 - 96 + 192 * 0.96 / 1.96)) <= 3, "\(start) \(middle)")
        #expect(try await Frame(of: output, at: 1.8).inkPixels(x: 0..<320) == 0, "faded out by 1.6 s")
    }

    /// A clip that turns is drawn by `perspective`; one that only glides is moved by `overlay` (`MovingClip.onlyGlides`).
    static let turningAndGlidingClips = [
        ##"""
        {"clips": [{"asset": {"type": "image", "src": "media/bars.jpg"}, "start": 0.24, "length": 1.6, "scale": 0.4,
          "opacity": [{"from": 0.2, "to": 1, "start": 0, "length": 1.2, "easing": "easeOutCubic"}],
          "offset": {"x": [{"from": -0.3, "to": 0.3, "start": 0.1, "length": 1.4, "easing": "easeInOutBack"}]},
          "transform": {"rotate": {"angle": [{"from": -20, "to": 45, "start": 0.3, "length": 1}]}, "skew": {"y": 0.05}}}]}
        """##,
        ##"""
        {"clips": [{"asset": {"type": "image", "src": "media/bars.jpg"}, "start": 0.24, "length": 1.6, "scale": 0.4,
          "opacity": [{"from": 0.2, "to": 1, "start": 0, "length": 1.2, "easing": "easeOutCubic"}],
          "offset": {"x": [{"from": -0.3, "to": 0.3, "start": 0.1, "length": 1.4, "easing": "easeInOutBack"}],
                     "y": [{"from": 0.2, "to": -0.1, "start": 0, "length": 1.6}]}}]}
        """##,
    ]

    /// The chunk boundary at 1 s cuts through every tween.
    @Test(arguments: turningAndGlidingClips)
    func aChunkCuttingAnAnimatedClipDrawsWhatASinglePassDraws(moving: String) async throws {
        let scratch = try Scratch()
        defer { scratch.cleanUp() }
        let renderer = Renderer(configuration: scratch.configuration)
        let json = request(tracks: moving + "," + colorTrack("#204060"), output: ##"{"format": "mp4", "size": {"width": 320, "height": 180}, "fps": 25, "quality": "veryhigh"}"##)
        let request = try scratch.request(json)
        let single = try await renderer.render(request, to: scratch.file("single.mp4")).output
        let length = try await renderer.length(of: request)
        let spans = Renderer.spans(frames: length.frames, count: 2, fps: request.output.fps)
        #expect(spans.map(\.startFrame) == [0, 25])
        let chunked = try await renderInChunks(request, length: length, spans: spans, renderer: renderer, scratch: scratch)
        for time in [0.92, 1.0, 1.04, 1.4] {
            let expected = try await Frame(of: single, at: time)
            let actual = try await Frame(of: chunked, at: time)
            // Two encodes leave a few pixels apart at the bars' sharp edges; a frame out of step moves thousands.
            #expect(actual.changedPixels(from: expected, x: 0..<320, y: 0..<180) <= 60, "at \(time) s")
        }
        // The picture did move across the cut: the check above compares frames that differ.
        let before = try await Frame(of: single, at: 0.92)
        #expect(try await Frame(of: single, at: 1.04).changedPixels(from: before, x: 0..<320, y: 0..<180) > 500)
    }
}

extension Frame {
    /// The mean position of the pixels that `matches` accepts, nil when none does.
    func centroid(_ matches: ((r: Int, g: Int, b: Int)) -> Bool) -> (x: Double, y: Double)? {
        var (sumX, sumY, count) = (0.0, 0.0, 0.0)
        for y in 0..<height {
            for x in 0..<width where matches(pixel(x, y)) {
                sumX += Double(x) + 0.5
                sumY += Double(y) + 0.5
                count += 1
            }
        }
        return count > 0 ? (sumX / count, sumY / count) : nil
    }

    /// Bright pixels, text on black, in columns `x`.
    func inkPixels(x columns: Range<Int>) -> Int {
        var count = 0
        for y in 0..<height {
            for x in columns where pixel(x, y).g > 100 { count += 1 }
        }
        return count
    }

    var redCentroid: (x: Double, y: Double)? { centroid { $0.r > 128 && $0.g < 100 } }
    var greenCentroid: (x: Double, y: Double)? { centroid { $0.g > 128 && $0.r < 100 } }

    /// The smallest rectangle holding every mostly red pixel.
    var redBounds: Bounds? {
        var (left, top, right, bottom) = (width, height, -1, -1)
        for y in 0..<height {
            for x in 0..<width {
                let color = pixel(x, y)
                guard color.r > 128 && color.g < 100 else { continue }
                (left, right) = (min(left, x), max(right, x))
                (top, bottom) = (min(top, y), max(bottom, y))
            }
        }
        return right < 0 ? nil : Bounds(left: Double(left), top: Double(top), width: Double(right - left + 1), height: Double(bottom - top + 1))
    }
}

struct Bounds {
    var left, top, width, height: Double
    var midX: Double { left + width / 2 }
    var midY: Double { top + height / 2 }
}

/// The root mean square of the sound's first channel from `start` to `end` seconds.
private func rms(of file: URL, from start: Double, to end: Double) async throws -> Double {
    let pcm = try await run("/usr/bin/ffmpeg", [
        "-v", "error", "-i", file.path, "-ss", String(start), "-t", String(end - start), "-map", "0:a", "-ac", "1", "-f", "f32le", "-",
    ])
    let samples = pcm.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
    try #require(!samples.isEmpty)
    return (samples.reduce(0.0) { $0 + Double($1) * Double($1) } / Double(samples.count)).squareRoot()
}

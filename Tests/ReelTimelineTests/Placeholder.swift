import Testing
import ReelTimeline
@Test func placeholder() {}

package dev.openpush.domain.ports;

import dev.openpush.domain.segment.SegmentCatalog;

/** The current segments of an app, possibly cached for a short while. */
public interface SegmentSource {
  SegmentCatalog catalogFor(String appId);
}

package dev.openpush.domain.campaign;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * Puts each user of a campaign in its holdout or one of its variants, the same way every time (a
 * relaunch, a retried batch, another sender) and independently across campaigns: the place is a
 * hash of campaign and user, read as a number in [0, 1). The first {@code holdoutPercent} of that
 * range is the holdout; the rest is split among the variants by weight.
 */
public final class VariantAssignment {
  private final String campaignId;
  private final List<Variant> variants;
  private final double holdoutShare;
  private final long totalWeight;

  public VariantAssignment(String campaignId, List<Variant> variants, int holdoutPercent) {
    if (variants.isEmpty()) {
      throw new IllegalArgumentException("a campaign needs at least one variant");
    }
    if (holdoutPercent < 0 || holdoutPercent > 50) {
      throw new IllegalArgumentException("holdoutPercent must be within 0-50");
    }
    this.campaignId = campaignId;
    this.variants = List.copyOf(variants);
    this.holdoutShare = holdoutPercent / 100.0;
    this.totalWeight = variants.stream().mapToLong(Variant::weight).sum();
    if (totalWeight <= 0) {
      throw new IllegalArgumentException("the variants' weights must add up to more than 0");
    }
  }

  public Arm armOf(String userId) {
    double place = place(campaignId, userId);
    if (place < holdoutShare) {
      return new Arm.Holdout();
    }
    double withinVariants = (place - holdoutShare) / (1 - holdoutShare) * totalWeight;
    long cumulative = 0;
    for (Variant variant : variants) {
      cumulative += variant.weight();
      if (withinVariants < cumulative) {
        return new Arm.Of(variant);
      }
    }
    return new Arm.Of(variants.getLast());
  }

  /** The expected share of each variant's users, in order, then the holdout's. */
  public double[] expectedShares() {
    double[] shares = new double[variants.size() + 1];
    for (int i = 0; i < variants.size(); i++) {
      shares[i] = (1 - holdoutShare) * variants.get(i).weight() / totalWeight;
    }
    shares[variants.size()] = holdoutShare;
    return shares;
  }

  /** The first 53 bits of SHA-256 over campaign and user, as a double in [0, 1). */
  static double place(String campaignId, String userId) {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
    sha.update(campaignId.getBytes(StandardCharsets.UTF_8));
    // A separator no id can contain, so ("ab", "c") and ("a", "bc") differ.
    sha.update((byte) 0);
    byte[] digest = sha.digest(userId.getBytes(StandardCharsets.UTF_8));
    long bits = ByteBuffer.wrap(digest).getLong() >>> 11;
    return bits / (double) (1L << 53);
  }
}

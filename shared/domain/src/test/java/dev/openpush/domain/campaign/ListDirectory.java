package dev.openpush.domain.campaign;

import dev.openpush.domain.ports.ProfileDirectory;
import java.util.List;
import java.util.function.Supplier;

/** A segment's members as a list, paged by index, for the sender's tests. */
final class ListDirectory implements ProfileDirectory {
  private final Supplier<List<String>> members;

  ListDirectory(Supplier<List<String>> members) {
    this.members = members;
  }

  @Override
  public Page users(String appId, String cursor, int limit) {
    return new Page(List.of(), null);
  }

  @Override
  public Page members(String appId, String segmentId, String cursor, int limit) {
    List<String> all = members.get();
    int from = cursor == null ? 0 : Integer.parseInt(cursor);
    int to = Math.min(all.size(), from + limit);
    return new Page(all.subList(from, to), to < all.size() ? Integer.toString(to) : null);
  }

  @Override
  public long size(String appId, String segmentId) {
    return members.get().size();
  }

  @Override
  public long userCount(String appId) {
    return members.get().size();
  }
}

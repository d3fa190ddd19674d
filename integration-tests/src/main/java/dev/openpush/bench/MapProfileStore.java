package dev.openpush.bench;

import dev.openpush.domain.ingest.ProfileCommit;
import dev.openpush.domain.ingest.ProfileStore;
import dev.openpush.domain.profile.Profile;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/** Profiles held as objects: measures the evaluation path with storage taken out of the picture. */
final class MapProfileStore implements ProfileStore {
  final Map<String, Profile> profiles = new HashMap<>();

  @Override
  public Map<String, Profile> load(String appId, Collection<String> userIds) {
    Map<String, Profile> found = new HashMap<>();
    for (String id : userIds) {
      Profile p = profiles.get(id);
      if (p != null) {
        found.put(id, p);
      }
    }
    return found;
  }

  @Override
  public void commit(ProfileCommit commit) {
    for (ProfileCommit.Write write : commit.writes()) {
      write.profile().setVersion(write.profile().version() + 1);
      profiles.put(write.profile().userId(), write.profile());
    }
  }
}

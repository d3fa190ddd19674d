package dev.openpush.domain.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.openpush.domain.json.Json;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class CampaignDefinitionsTest {
  private static final Instant T = Instant.parse("2026-11-20T12:00:00Z");

  private static Campaign parse(String json) throws Exception {
    return CampaignDefinitions.parse(
        "shop",
        "c1",
        Json.mapper().readTree(json.replace('\'', '"')),
        CampaignStatus.DRAFT,
        null,
        1,
        T,
        T);
  }

  private static String base(String extra) {
    return "{'name':'n','segmentId':'all','templateId':'t'" + extra + "}";
  }

  @Test
  void everyScheduleOfTheContractIsRead() throws Exception {
    assertThat(parse(base(",'schedule':{'type':'immediate'}")).schedule())
        .isEqualTo(new Schedule.Immediate());
    assertThat(parse(base(",'schedule':{'type':'at','at':'2026-12-01T09:00:00+01:00'}")).schedule())
        .isEqualTo(new Schedule.At(Instant.parse("2026-12-01T08:00:00Z"), null));
    assertThat(
            parse(base(",'schedule':{'type':'at','at':'2026-12-01T09:00:00','localTime':true}"))
                .schedule())
        .isEqualTo(new Schedule.At(null, LocalDateTime.parse("2026-12-01T09:00:00")));
    assertThat(
            parse(
                    base(
                        ",'schedule':{'type':'recurring','cron':'0 9 * * 1-5','timezone':'Asia/Tokyo'}"))
                .schedule())
        .isEqualTo(new Schedule.Recurring("0 9 * * 1-5", ZoneId.of("Asia/Tokyo")));
    assertThat(
            parse(
                    base(
                        ",'schedule':{'type':'triggered','on':{'event':'Product Added'},'delay':'PT1H','exitOn':{'event':'Order Completed'}}"))
                .schedule())
        .isEqualTo(
            new Schedule.Triggered(null, "Product Added", Duration.ofHours(1), "Order Completed"));
  }

  @Test
  void variantsHoldoutAndRulesAreReadAndASingleTemplateIsOneVariant() throws Exception {
    Campaign single = parse(base(",'schedule':{'type':'immediate'}"));
    Campaign ab =
        parse(
            "{'name':'n','segmentId':'all','variants':[{'id':'a','weight':3,'templateId':'t1'},{'id':'b','weight':1,'templateId':'t2'}],"
                + "'holdoutPercent':10,'schedule':{'type':'immediate'},'deadline':'P1D','topic':'news',"
                + "'rules':{'ignoreFrequencyCaps':true,'quietHours':'drop'},'frequencyCaps':[{'max':2,'per':'P7D'}]}");

    assertThat(single.variants()).containsExactly(new Variant("default", 1, "t"));
    assertThat(ab.variants()).extracting(Variant::id).containsExactly("a", "b");
    assertThat(ab.holdoutPercent()).isEqualTo(10);
    assertThat(ab.deadline()).isEqualTo(Duration.ofDays(1));
    assertThat(ab.ignoreFrequencyCaps()).isTrue();
    assertThat(ab.dropInQuietHours()).isTrue();
    assertThat(ab.frequencyCaps()).hasSize(1);
  }

  @Test
  void whatTheContractRefusesNamesItsPath() {
    String[][] refused = {
      {"{'name':'n','segmentId':'all','schedule':{'type':'immediate'}}", "$: give exactly one"},
      {
        "{'name':'n','segmentId':'all','templateId':'t','variants':[],'schedule':{'type':'immediate'}}",
        "$: give exactly one"
      },
      {base(",'schedule':{'type':'weekly'}"), "$.schedule.type"},
      {base(",'schedule':{'type':'at','at':'tomorrow'}"), "$.schedule.at"},
      {base(",'schedule':{'type':'at','at':'2028-01-01T00:00:00Z'}"), "at most 400 days"},
      {base(",'schedule':{'type':'recurring','cron':'* * *'}"), "$.schedule.cron"},
      {
        base(",'schedule':{'type':'recurring','cron':'0 9 * * *','timezone':'Mars/Base'}"),
        "$.schedule.timezone"
      },
      {base(",'schedule':{'type':'triggered','on':{}}"), "$.schedule.on"},
      {base(",'holdoutPercent':51,'schedule':{'type':'immediate'}"), "$.holdoutPercent"},
      {base(",'holdoutPercent':1e400,'schedule':{'type':'immediate'}"), "$.holdoutPercent"},
      {base(",'deadline':'P1M','schedule':{'type':'immediate'}"), "$.deadline"},
      {
        base(",'rules':{'quietHours':'later'},'schedule':{'type':'immediate'}"),
        "$.rules.quietHours"
      },
      {base(",'topic':'a b','schedule':{'type':'immediate'}"), "$.topic"},
      {
        "{'name':'n','segmentId':'all','variants':[{'id':'a','weight':0,'templateId':'t'}],'schedule':{'type':'immediate'}}",
        "$.variants"
      },
      {
        "{'name':'n','segmentId':'all','variants':[{'id':'a','weight':1,'templateId':'t'},{'id':'a','weight':1,'templateId':'t'}],'schedule':{'type':'immediate'}}",
        "$.variants[1].id"
      },
      {"{'name':'','segmentId':'all','templateId':'t','schedule':{'type':'immediate'}}", "$.name"},
      {"[]", "$"},
    };
    for (String[] c : refused) {
      assertThatThrownBy(() -> parse(c[0]))
          .as(c[0])
          .isInstanceOf(InvalidCampaignException.class)
          .hasMessageContaining(c[1]);
    }
  }
}

package io.insightflow.layout;

import io.insightflow.api.Evolving;
import io.insightflow.api.InsightflowConfigException;
import io.insightflow.api.InsightflowException;
import io.insightflow.api.LakeException;
import io.insightflow.api.Printable;
import io.insightflow.config.InsightflowProperties;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders and parses partition folders such as
 * {@code data/batch/orders/year=2024/month=05/day=07/hhmm=0930}.
 *
 * <p>A template is a key path with placeholders: {@code {table}} (required), and the zero-padded UTC
 * time fields {@code {yyyy}} (required), {@code {MM}}, {@code {dd}}, {@code {HH}}, {@code {mm}},
 * which must appear in that order. Because fields are zero-padded and ordered, the lexicographic
 * order of folders is their chronological order, which lets listings start after a watermark.
 * Rendering and parsing are pure functions; instances are immutable and thread-safe.
 *
 * <p>Partition times run from {@link #EARLIEST} to {@link #LATEST}: years have four digits, and
 * PostgreSQL has no year 0 (it would record 1 BC). Every way a time enters (a trigger time, a sync
 * window, a stream record's arrival) is checked against this range before anything is written.
 */
@Evolving
public final class PartitionTemplate {

  /** Default batch layout of the lake (DESIGN.md). */
  public static final String DEFAULT_BATCH = InsightflowProperties.INGEST_TEMPLATE.defaultValue();

  /** Default stream layout; {@code {table}} holds the stream name. */
  public static final String DEFAULT_STREAM = "data/stream/{table}/year={yyyy}/month={MM}/day={dd}/hhmm={HH}{mm}";

  /** The earliest partition time: year 1, the first PostgreSQL records as written. */
  public static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");

  /** The latest partition time: the last second with a four-digit year. */
  public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

  private static final String KEY = "insightflow.ingest.template";
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z]+)}");
  private static final List<String> TIME_FIELDS = List.of("yyyy", "MM", "dd", "HH", "mm");

  private final String template;
  private final Pattern parser;
  private final List<String> groups = new ArrayList<>();

  private PartitionTemplate(String template) {
    this.template = template;
    StringBuilder regex = new StringBuilder("^");
    Matcher m = PLACEHOLDER.matcher(template);
    int last = 0;
    int lastTimeField = -1;
    while (m.find()) {
      regex.append(Pattern.quote(template.substring(last, m.start())));
      String name = m.group(1);
      if (name.equals("table")) {
        regex.append("([^/]+)");
      } else {
        int index = TIME_FIELDS.indexOf(name);
        if (index < 0) {
          throw new InsightflowConfigException(KEY, "Unknown placeholder {" + name + "} in '" + template
              + "'; use {table}, {yyyy}, {MM}, {dd}, {HH}, {mm}");
        }
        if (index <= lastTimeField) {
          throw new InsightflowConfigException(KEY, "Time fields in '" + template
              + "' must appear once each, in the order {yyyy} {MM} {dd} {HH} {mm}");
        }
        lastTimeField = index;
        regex.append(name.equals("yyyy") ? "(\\d{4})" : "(\\d{2})");
      }
      groups.add(name);
      last = m.end();
    }
    regex.append(Pattern.quote(template.substring(last))).append("(?=/|$)");
    if (!groups.contains("table")) {
      throw new InsightflowConfigException(KEY, "Template '" + template + "' has no {table} placeholder");
    }
    if (!groups.contains("yyyy")) {
      throw new InsightflowConfigException(KEY, "Template '" + template
          + "' has no time field; it needs at least {yyyy} so partitions parse back into timestamps");
    }
    if (template.startsWith("/") || template.endsWith("/") || template.indexOf("{table}") > template.indexOf("{yyyy}")) {
      throw new InsightflowConfigException(KEY, "Template '" + template
          + "' must be relative, not end with '/', and put {table} before the time fields");
    }
    this.parser = Pattern.compile(regex.toString());
  }

  /**
   * Parses a template.
   *
   * @throws InsightflowConfigException (key {@code insightflow.ingest.template}) if it is invalid
   */
  public static PartitionTemplate of(String template) {
    return new PartitionTemplate(Objects.requireNonNull(template, "template"));
  }

  /** The default batch layout. */
  public static PartitionTemplate batch() {
    return of(DEFAULT_BATCH);
  }

  /** The default stream layout. */
  public static PartitionTemplate stream() {
    return of(DEFAULT_STREAM);
  }

  /** Whether {@code time} lies between {@link #EARLIEST} and {@link #LATEST}, both included. */
  public static boolean representable(Instant time) {
    return !time.isBefore(EARLIEST) && !time.isAfter(LATEST);
  }

  /**
   * {@code time}, checked.
   *
   * @param key the key the time came from, named in the exception
   * @throws InsightflowConfigException naming {@code key} unless {@link #representable}
   */
  public static Instant requireRepresentable(String key, Instant time) {
    if (!representable(Objects.requireNonNull(time, "time"))) {
      throw new InsightflowConfigException(key, time + " is outside the partition times " + EARLIEST + " to "
          + LATEST + " (four-digit years; PostgreSQL has no year 0)");
    }
    return time;
  }

  /**
   * Parses an ISO-8601 instant such as {@code 2024-05-07T09:30:00Z} that must be {@link #representable}.
   *
   * @param key the key the text came from, named in the exception
   * @throws InsightflowConfigException naming {@code key} if the text is no instant or out of range
   */
  public static Instant parseTime(String key, String text) {
    try {
      return requireRepresentable(key, Instant.parse(text.trim()));
    } catch (DateTimeParseException e) {
      throw new InsightflowConfigException(key, "'" + Printable.of(text)
          + "' is not an ISO-8601 instant; use the form 2024-05-07T09:30:00Z", e);
    }
  }

  /**
   * The partition folder (no trailing slash) of {@code table} at {@code time}, in UTC.
   *
   * @throws InsightflowException if the year has no four digits: no writer gets such a time past its
   *     checks ({@link #requireRepresentable}); year 0 renders, as a listing bound just before year 1
   */
  public String render(String table, Instant time) {
    Objects.requireNonNull(table, "table");
    ZonedDateTime t = Objects.requireNonNull(time, "time").atZone(ZoneOffset.UTC);
    if (t.getYear() < 0 || t.getYear() > 9999) {
      throw new InsightflowException("Partition time " + time + " has no four-digit year; partition times run from "
          + EARLIEST + " to " + LATEST);
    }
    Matcher m = PLACEHOLDER.matcher(template);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = switch (m.group(1)) {
        case "table" -> table;
        case "yyyy" -> String.format("%04d", t.getYear());
        case "MM" -> String.format("%02d", t.getMonthValue());
        case "dd" -> String.format("%02d", t.getDayOfMonth());
        case "HH" -> String.format("%02d", t.getHour());
        case "mm" -> String.format("%02d", t.getMinute());
        default -> throw new InsightflowException("Unknown placeholder " + m.group(1));
      };
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }

  /**
   * The fixed key prefix under which every partition of {@code table} lies, ending with {@code /}
   * when the template has a folder boundary before the first time field.
   */
  public String tablePrefix(String table) {
    String head = template.substring(0, template.indexOf('{', template.indexOf("{table}") + 1));
    String rendered = head.replace("{table}", table);
    return rendered.substring(0, rendered.lastIndexOf('/') + 1);
  }

  /**
   * Parses the partition at the start of {@code key} (a folder, or an object inside one).
   *
   * @return the table, the partition time (missing fields count as their minimum) and the folder,
   *     or empty if the key does not follow this template
   */
  public Optional<Partition> parse(String key) {
    Matcher m = parser.matcher(Objects.requireNonNull(key, "key"));
    if (!m.find()) {
      return Optional.empty();
    }
    String table = null;
    int[] fields = {0, 1, 1, 0, 0};
    for (int i = 0; i < groups.size(); i++) {
      String name = groups.get(i);
      if (name.equals("table")) {
        table = m.group(i + 1);
      } else {
        fields[TIME_FIELDS.indexOf(name)] = Integer.parseInt(m.group(i + 1));
      }
    }
    try {
      Instant time = LocalDateTime.of(fields[0], fields[1], fields[2], fields[3], fields[4])
          .toInstant(ZoneOffset.UTC);
      // year=0000 is no partition time either: PostgreSQL would record it as 1 BC [#19]
      return representable(time) ? Optional.of(new Partition(table, time, m.group())) : Optional.empty();
    } catch (java.time.DateTimeException e) {
      return Optional.empty(); // looks like a partition but is no valid date, e.g. month=13
    }
  }

  /**
   * The Hive partition keys of the layout: the names of the {@code name=value} folders after the
   * table's folder ({@code year, month, day, hhmm} for the default layouts), as catalogs declare them.
   *
   * @throws InsightflowConfigException if a folder after the table's is not of the form {@code name=…}
   */
  public List<String> hiveKeys() {
    List<String> keys = new ArrayList<>();
    for (String segment : template.substring(tablePrefix("{table}").length()).split("/")) {
      int eq = segment.indexOf('=');
      String name = eq < 0 ? "" : segment.substring(0, eq);
      if (!name.matches("[a-z_][a-z0-9_]*")) {
        throw new InsightflowConfigException(KEY, "Template '" + template + "': folder '" + segment
            + "' is not of the form name={…}; catalog registration needs Hive-style partition folders");
      }
      keys.add(name);
    }
    return keys;
  }

  /**
   * The values of {@link #hiveKeys()} in a partition folder rendered by this template.
   *
   * @throws LakeException if the folder does not follow this template
   */
  public List<String> hiveValues(String folder) {
    Partition p = parse(folder).orElseThrow(() -> new LakeException(folder, "Not a partition folder of " + template));
    List<String> values = new ArrayList<>();
    for (String segment : p.folder().substring(tablePrefix(p.table()).length()).split("/")) {
      values.add(segment.substring(segment.indexOf('=') + 1));
    }
    return values;
  }

  /** The template text. */
  public String template() {
    return template;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PartitionTemplate other && template.equals(other.template);
  }

  @Override
  public int hashCode() {
    return template.hashCode();
  }

  @Override
  public String toString() {
    return template;
  }

  /**
   * A parsed partition folder.
   *
   * @param table the table (or stream) name
   * @param time the partition's UTC timestamp
   * @param folder the partition folder key, without trailing slash
   */
  public record Partition(String table, Instant time, String folder) {}
}

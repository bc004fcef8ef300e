package dev.mlflowoperator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** The data volume's backups as last observed: the newest completed one, the schedule in force, the next one due. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class BackupStatus {
  @JsonPropertyDescription("The platform's ID of the newest completed backup.")
  public String lastId;

  @JsonPropertyDescription("What made it: daily, weekly, monthly, manual or beforeUpgrade.")
  public String lastKind;

  @JsonPropertyDescription("When it was taken (RFC 3339).")
  public String lastTime;

  @JsonPropertyDescription("The schedule the platform holds for the volume.")
  public List<String> schedule = new ArrayList<>();

  @JsonPropertyDescription("When the next scheduled backup is due (RFC 3339); absent without a schedule.")
  public String nextScheduled;

  @JsonPropertyDescription("What the next scheduled backup is: daily, weekly or monthly (comma-separated when several"
      + " fall due at that time).")
  public String nextKind;

  @JsonPropertyDescription("What the backups do not cover, for example a Postgres backend store outside the volume.")
  public String note;

  @Override
  public boolean equals(Object o) {
    return o instanceof BackupStatus b && Objects.equals(lastId, b.lastId) && Objects.equals(lastKind, b.lastKind)
        && Objects.equals(lastTime, b.lastTime) && Objects.equals(schedule, b.schedule)
        && Objects.equals(nextScheduled, b.nextScheduled)
        && Objects.equals(nextKind, b.nextKind) && Objects.equals(note, b.note);
  }

  @Override
  public int hashCode() {
    return Objects.hash(lastId, lastKind, lastTime, schedule, nextScheduled, nextKind, note);
  }
}

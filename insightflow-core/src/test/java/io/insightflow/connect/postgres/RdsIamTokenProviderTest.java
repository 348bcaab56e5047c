package io.insightflow.connect.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.rds.RdsUtilities;
import software.amazon.awssdk.services.rds.model.GenerateAuthenticationTokenRequest;

class RdsIamTokenProviderTest {

  static final class MutableClock extends Clock {
    Instant now = Instant.parse("2024-05-07T09:30:00Z");

    @Override public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override public Instant instant() {
      return now;
    }
  }

  private static RdsIamTokenProvider provider(MutableClock clock) {
    RdsUtilities utilities = RdsUtilities.builder().region(Region.EU_WEST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret")))
        .build();
    GenerateAuthenticationTokenRequest request = GenerateAuthenticationTokenRequest.builder()
        .hostname("db.example.eu-west-1.rds.amazonaws.com").port(5432).username("loader").build();
    return new RdsIamTokenProvider(utilities, request, clock, RdsIamTokenProvider.DEFAULT_REFRESH);
  }

  @Test
  void get_staticCredentials_returnsSignedTokenForHostAndUser() {
    String token = new String(provider(new MutableClock()).get());

    assertThat(token).startsWith("db.example.eu-west-1.rds.amazonaws.com:5432/?")
        .contains("Action=connect").contains("DBUser=loader").contains("X-Amz-Signature=");
  }

  @Test
  void get_withinRefreshAge_returnsCachedToken() throws Exception {
    MutableClock clock = new MutableClock();
    RdsIamTokenProvider provider = provider(clock);
    String first = new String(provider.get());
    Thread.sleep(1100); // the SDK signs with the wall clock: a new token would differ
    clock.now = clock.now.plus(Duration.ofMinutes(9));

    assertThat(new String(provider.get())).isEqualTo(first);
  }

  @Test
  void get_afterRefreshAge_generatesNewToken() throws Exception {
    MutableClock clock = new MutableClock();
    RdsIamTokenProvider provider = provider(clock);
    String first = new String(provider.get());
    Thread.sleep(1100);
    clock.now = clock.now.plus(Duration.ofMinutes(10));

    assertThat(new String(provider.get())).isNotEqualTo(first);
  }

  @Test
  void toString_neverShowsToken() {
    assertThat(provider(new MutableClock()).toString()).doesNotContain("Signature").contains("loader");
  }
}

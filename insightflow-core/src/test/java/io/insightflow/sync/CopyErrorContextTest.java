package io.insightflow.sync;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CopyErrorContextTest {

  @Test
  void parse_lineAndColumn_extractsBoth() {
    CopyErrorContext ctx = CopyErrorContext.parse("COPY order_products, line 3, column product_id: \"abc\"",
        "invalid input syntax for type integer: \"abc\"");

    assertThat(ctx.line()).isEqualTo(3);
    assertThat(ctx.column()).isEqualTo("product_id");
    assertThat(ctx.describe()).startsWith("line 3, column product_id: invalid input syntax");
  }

  @Test
  void parse_lineOnly_hasNoColumn() {
    CopyErrorContext ctx = CopyErrorContext.parse("COPY t, line 12: \"1,2,3\"", "extra data after last expected column");

    assertThat(ctx.line()).isEqualTo(12);
    assertThat(ctx.column()).isNull();
  }

  @Test
  void parse_columnNamedOnlyInMessage_takesItFromTheMessage() {
    CopyErrorContext missing = CopyErrorContext.parse("COPY t, line 2: \"1,a\"", "missing data for column \"code\"");
    CopyErrorContext notNull = CopyErrorContext.parse("COPY t, line 7: \"1,,c1\"",
        "null value in column \"name\" of relation \"t\" violates not-null constraint");

    assertThat(missing.line()).isEqualTo(2);
    assertThat(missing.column()).isEqualTo("code");
    assertThat(notNull.line()).isEqualTo(7);
    assertThat(notNull.column()).isEqualTo("name");
  }

  @Test
  void parse_noContext_isUnknownLine() {
    CopyErrorContext ctx = CopyErrorContext.parse(null, "boom");

    assertThat(ctx.knownLine()).isEmpty();
    assertThat(ctx.describe()).isEqualTo("boom");
  }
}

package io.insightflow.generate;

/**
 * Word lists for aisle, department and product names. Product names deliberately include commas
 * and double quotes (inch marks, quoted nicknames), as the real data does, so that CSV quoting is
 * exercised end to end.
 */
final class Names {

  /** The real 21 departments, in id order. */
  static final String[] DEPARTMENTS = {"frozen", "other", "bakery", "produce", "alcohol",
      "international", "beverages", "pets", "dry goods pasta", "bulk", "personal care",
      "meat seafood", "pantry", "breakfast", "canned goods", "dairy eggs", "household", "babies",
      "snacks", "deli", "missing"};

  private static final String[] AISLE_QUALIFIERS = {"fresh", "frozen", "packaged", "specialty",
      "organic", "canned", "prepared", "bulk", "refrigerated", "instant"};
  private static final String[] AISLE_GOODS = {"fruits", "vegetables", "breads", "cheeses", "meals",
      "soups", "snacks", "desserts", "juices", "pasta", "herbs", "seafood", "sauces", "cereals"};

  private static final String[] PREFIXES = {"Organic", "Fresh", "Natural", "Classic", "Gluten Free",
      "Low Fat", "Family Size", "Original"};
  private static final String[] FLAVOURS = {"Whole Wheat", "Honey", "Sea Salt", "Vanilla",
      "Dark Chocolate", "Strawberry", "Garlic", "Spicy", "Smoked", "Unsweetened", "Greek",
      "Sourdough", "Roasted", "Lemon", "Maple", "Cheddar", "Almond", "Coconut", "Basil",
      "Cinnamon", "Everything", "Blueberry", "Chipotle", "Mango"};
  private static final String[] GOODS = {"Tortillas", "Yogurt", "Bread", "Chips", "Granola",
      "Almond Milk", "Pasta Sauce", "Hummus", "Crackers", "Ice Cream", "Cheese", "Sparkling Water",
      "Cereal", "Coffee", "Salsa", "Cookies", "Soup", "Butter", "Tea", "Salad", "Bagels", "Pizza",
      "Sausages", "Rice"};
  private static final String[] VARIANTS = {"Whole Wheat", "Family Pack", "6 ct", "Unsalted",
      "Reduced Sodium", "Extra Large", "Mild", "No Sugar Added"};

  private Names() {}

  /** The number of distinct aisle names available; at least the 134 aisles. */
  static int aisleNameCount() {
    return AISLE_QUALIFIERS.length * AISLE_GOODS.length;
  }

  /** Aisle name for 0-based aisle index {@code i}; distinct for distinct i. */
  static String aisle(int i) {
    return AISLE_QUALIFIERS[i / AISLE_GOODS.length] + " " + AISLE_GOODS[i % AISLE_GOODS.length];
  }

  /**
   * A product name from hash {@code h}, such as {@code Organic 12" Tortillas, Whole Wheat}.
   * Separate bit ranges of the hash drive each choice.
   */
  static String product(long h) {
    StringBuilder sb = new StringBuilder(48);
    if ((h & 7) < 3) {
      sb.append(PREFIXES[(int) ((h >>> 3) & 7)]).append(' ');
    }
    int size = (int) ((h >>> 6) & 15);
    if (size < 2) {
      sb.append(6 + (int) ((h >>> 10) & 15)).append("\" ");
    } else if (size < 4) {
      sb.append(4 + (int) ((h >>> 10) & 31)).append(" oz ");
    }
    String flavour = FLAVOURS[(int) Long.remainderUnsigned(h >>> 16, FLAVOURS.length)];
    if (((h >>> 24) & 15) == 0) {
      sb.append('"').append(flavour).append('"');
    } else {
      sb.append(flavour);
    }
    sb.append(' ').append(GOODS[(int) Long.remainderUnsigned(h >>> 28, GOODS.length)]);
    if (((h >>> 36) & 7) < 2) {
      sb.append(", ").append(VARIANTS[(int) ((h >>> 40) & 7)]);
    }
    return sb.toString();
  }
}

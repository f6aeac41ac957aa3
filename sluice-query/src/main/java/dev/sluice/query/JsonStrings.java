package dev.sluice.query;

import java.util.ArrayList;
import java.util.List;

/** Decodes the JSON string arrays the job digest stores (worker queues), without a JSON library here. */
final class JsonStrings {

    private JsonStrings() {
    }

    /** The strings of a JSON array of strings; anything else yields what could be read. */
    static List<String> decodeArray(String json) {
        List<String> out = new ArrayList<>();
        int i = json.indexOf('[') + 1;
        while (i > 0 && i < json.length()) {
            int open = json.indexOf('"', i);
            if (open < 0) {
                break;
            }
            StringBuilder s = new StringBuilder();
            int j = open + 1;
            for (; j < json.length() && json.charAt(j) != '"'; j++) {
                char c = json.charAt(j);
                if (c == '\\' && j + 1 < json.length()) {
                    char e = json.charAt(++j);
                    switch (e) {
                        case 'n' -> s.append('\n');
                        case 'r' -> s.append('\r');
                        case 't' -> s.append('\t');
                        case 'b' -> s.append('\b');
                        case 'f' -> s.append('\f');
                        case 'u' -> {
                            if (j + 4 < json.length()) {
                                s.append((char) Integer.parseInt(json.substring(j + 1, j + 5), 16));
                                j += 4;
                            }
                        }
                        default -> s.append(e);
                    }
                } else {
                    s.append(c);
                }
            }
            out.add(s.toString());
            i = j + 1;
        }
        return out;
    }
}

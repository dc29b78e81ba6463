-- 002: the category master (P-02), versioned buyback agreement terms (S-09) and settlement wizard drafts (B-06).

CREATE TABLE agreement_terms (
  version    INTEGER PRIMARY KEY,
  title      TEXT NOT NULL,
  body       TEXT NOT NULL,
  active     INTEGER NOT NULL DEFAULT 1,   -- the newest active version is shown; 0 everywhere = no terms (S-09 skip)
  created_at TEXT NOT NULL,
  created_by TEXT REFERENCES staff(id)
);

-- One draft per reception while its wizard is open. Holds step and choices; never image plaintext (B-06).
CREATE TABLE settlement_drafts (
  reception_id TEXT PRIMARY KEY REFERENCES receptions(id) ON DELETE CASCADE,
  data         TEXT NOT NULL,
  updated_at   TEXT NOT NULL
);

-- always_verify: kobutsu.md §1 — motorcycle parts, home video-game software, CD/DVD/Blu-ray/LD, books.
INSERT INTO categories (id, parent_id, name_ja, name_en, always_verify, sort_order) VALUES
  ('brand',        NULL,    'ブランド品',           'Brand goods',            0, 10),
  ('brand-bag',    'brand', 'バッグ',               'Bags',                   0, 11),
  ('brand-wallet', 'brand', '財布・小物',           'Wallets & accessories',  0, 12),
  ('brand-apparel','brand', 'ブランド衣料',         'Brand apparel',          0, 13),
  ('watch',        NULL,    '時計',                 'Watches',                0, 20),
  ('watch-wrist',  'watch', '腕時計',               'Wristwatches',           0, 21),
  ('watch-clock',  'watch', '置時計・掛時計',       'Clocks',                 0, 22),
  ('metal',        NULL,    '貴金属',               'Precious metals',        0, 30),
  ('metal-gold',   'metal', '金・K18・K24',         'Gold',                   0, 31),
  ('metal-pt',     'metal', 'プラチナ',             'Platinum',               0, 32),
  ('metal-jewel',  'metal', '宝石・ジュエリー',     'Jewellery',              0, 33),
  ('game',         NULL,    'ゲーム',               'Games',                  0, 40),
  ('game-soft',    'game',  '家庭用ゲームソフト',   'Home video-game software', 1, 41),
  ('game-console', 'game',  'ゲーム機本体',         'Game consoles',          0, 42),
  ('book',         NULL,    '書籍',                 'Books',                  1, 50),
  ('book-comic',   'book',  'コミック',             'Comics',                 1, 51),
  ('book-general', 'book',  '一般書・文庫',         'General books',          1, 52),
  ('disc',         NULL,    'CD・DVD・ブルーレイ', 'CD / DVD / Blu-ray',     1, 60),
  ('disc-cd',      'disc',  'CD',                   'CD',                     1, 61),
  ('disc-dvd',     'disc',  'DVD・ブルーレイ',      'DVD / Blu-ray',          1, 62),
  ('disc-ld',      'disc',  'レーザーディスク',     'LaserDisc',              1, 63),
  ('media',        NULL,    'その他メディア',       'Other media',            0, 65),
  ('media-tape',   'media', 'カセット・VHS',        'Cassettes & VHS',        0, 66),
  ('elec',         NULL,    '家電・電子機器',       'Electronics',            0, 70),
  ('elec-phone',   'elec',  'スマートフォン',       'Smartphones',            0, 71),
  ('elec-pc',      'elec',  'パソコン・タブレット', 'PCs & tablets',          0, 72),
  ('elec-camera',  'elec',  'カメラ',               'Cameras',                0, 73),
  ('elec-audio',   'elec',  'オーディオ',           'Audio',                  0, 74),
  ('cloth',        NULL,    '衣料',                 'Clothing',               0, 80),
  ('cloth-men',    'cloth', 'メンズ',               'Menswear',               0, 81),
  ('cloth-women',  'cloth', 'レディース',           'Womenswear',             0, 82),
  ('cloth-shoes',  'cloth', '靴',                   'Shoes',                  0, 83),
  ('moto',         NULL,    'バイク用品',           'Motorcycle',             1, 90),
  ('moto-parts',   'moto',  'バイク部品',           'Motorcycle parts',       1, 91),
  ('moto-helmet',  'moto',  'ヘルメット・ウェア',   'Helmets & wear',         0, 92),
  ('hobby',        NULL,    'ホビー',               'Hobby',                  0, 100),
  ('hobby-figure', 'hobby', 'フィギュア',           'Figures',                0, 101),
  ('hobby-card',   'hobby', 'トレーディングカード', 'Trading cards',          0, 102),
  ('tool',         NULL,    '工具',                 'Tools',                  0, 110),
  ('tool-power',   'tool',  '電動工具',             'Power tools',            0, 111),
  ('instr',        NULL,    '楽器',                 'Musical instruments',    0, 120),
  ('instr-guitar', 'instr', 'ギター・ベース',       'Guitars & basses',       0, 121);

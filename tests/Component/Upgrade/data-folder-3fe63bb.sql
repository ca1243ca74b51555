PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE vectors (
    key       INTEGER PRIMARY KEY AUTOINCREMENT,
    id_json   TEXT NOT NULL UNIQUE,
    vector    BLOB NOT NULL,
    payload   TEXT NOT NULL
);
INSERT INTO vectors VALUES(1,'"client-1"',X'cdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3dcdcc4c3d','{"kind":"client","n":1}');
INSERT INTO vectors VALUES(2,'"\u0022lovelace\u0022#0"',X'f0d4d3bdd7f0a73cbddd8abdfd2f313ce06bdabdc360c23a38a6b7bca675b73d1c6d6cbd991408bcb845b6bd6748343d261b7c3d40766abdc923eebdb8e4993d5c5883bd45f908bdfeea113d82d702bdc54170bc3271723cd2b0453d3f3b223bcf2d293d8cd7783de40079bcfd9077bccef4173dcbe828bdd140683de3702fbc21a7bd3de0f7b8bc2c25e53bd32e513c2d28ad3c1a8f2c3db9db27bd7ab92cbb60bc99bd4e3c2f3d17db8e3bcbcac63cd5933a3aa5c52abd7ce38d3c9423b23c56bc133d8739b5bcbf70ffbd15cf03bda3bf70bc04c6a3bdb08c7f3d5ebac63c86b31f3d40b962bbf6dfb53b8aa0babc14d980bdb93b433d44ef303bf2e2e13c2ae7233d571aa43c9faf7bbd8c4982bd5d72d5bcd99fbebc0bc756bd502770bd5684b4bdae820fbdf701743c8d790cbc9cc7a2bcb9d3063dac346e3ca53433bd60f79dbbdef1b0bd215727bdfc4e523d1e1862bc7978e63c02f810bd82e4883cfbbd8f3d289a88bddec0b13d89ec38bdd5a259bddb55d1bc9f2b9e3a9ddfb23c9a3731bdb9c128bcd3289b3dfb00ff3c25881dbdd9cfb4bc3309393d6d47b73da07071bdedcceebc31fda93d3fe6d33dd5df0e3d73fc68bd4990a13de4e535bdba53853d76680939632cc1ba6b4a4cbda8fa96bd9cf2523c367b723d7601b6bc8987be3c3f86abbba00739bcaa40a43c203813bd9d0edd3b8d042abd425cd188334580bbcfefbabc5d7f973d6b5b453dc3ed743c7086b43cb328e23b9630273d533ccfbce627bd3a8622c3bc7c06823d112a89b8b44a9e3da62f59bbed0e363cff74a5bdcb67edbc9abcc23bdb3995bd6e25433d0f3a39bd6c62043dcab021bcff8347bc1c8ec13dce55f73c10d304bdd1df123d934a623d8d42373c9ab1e43c634f26be8e510fbd3cc534bdfe77dbba0d9ac4bded950fbd63397a3cac2da03dc73e503c0ede363d29f6b23d76d35bbd8288ebba2005283cfdd10c3c9d15b83dd5691d3e0a88703dbb4f69bd7a9502bc41064d3d0a488b3c76a4c73ca60ab13d8a4fe0bca3387d3d351ae43cd763ac3dca1138bdadca0b3e930ff03cf50651bc33c7b93c3177143cab8bb1bbe86c063dc0da96bb0869513c332b09bd179db53c6695ab3c363391bda18f8b3cca6cb2bb57e1223d0fb593bb7e0764bd1682ffbd4dbbb9bdb38d71bcd2e1e93cd5c33f3cf8dc12bd36b602bd0921c8bc7818213df959b4bd3641293dec4150bde7f087bd346f2cbd7fcc903dc3d596bda51eb086fb0dbfbdfdb00ebdc5c51e3dbe6a0bbddfd26cbc9d0ed3bcfc3cc13c8d08b0bd6468fc3cf0e69b3c836daf3d766cd53c6dc9e53c412d433c5abb87bcb002603c4de476bdff61cabde5ca44bd82db283c0a3d9d3c1f6fc73deec987bd648f3bbdaac08a3d6634a63c2ddab63d1e94eebc4947c93c2551163dec0a973a36f06c3da394e0bc8b6e393c653e38bd7891063df2a9853cc1b25e3d71a48fbcc56e57bcb0dc273d1075983d7bf5dfbab38816bc79c8d23d0e2cd03d4967b3bd4bd655bd6ce629bcc99c4e3d96be42bdf626f6bb7c5a893d90aa4bbda6f7b2bb066059bb41a7b13dbda00e3dc0c5013dc15aebbb375c6dbdfef4f4bce9a1d03d822363bdd990fcbc4fdb8a3c553fa1bc6c72913cc8852fbc88c8debd665823bcf5144cbafcd15b3d3e7a4e3d2b9880bdc0da903d39b95bbc12f059bd2cd22abd27b746bb61265b3d96da123dd790783d72c98f3c3e4f94bcbeee033c40236abd4dc1babd4b8a0139a07e4d3d27fe68bdf778503d3b47903d33581a3ca75795bc268caeb27860543c1d486b3c5aae2c3d214dadbbdaed3f3dc1b3d33c2937b5bc9cb19fbbd0d9cbbdc9c9bfbdd833abbb54ffe73c54442b3de5369e3d31b8de3cabd1b13c8ebcc53d1f69e6bdf54a5ebd6a4f9dbc0469893df3f7d33ce9e8403db292eabcd94f09bd26c465bd172aa1bca2a9cbbdb8c8fcbab2c31bbd07c823bd8827b03dfbd0ab3d8885e9bb573f8d3df34e6c3cd11787bd3b2c27bc313a443cf907edbceff229bb89b1b73dc89fb13c17a492bd66e25d3d0e10193de94b66bd3ede3bbcdef71b3d1206f23d80d314bb7a77283dd18fd4bc492572bcf1855eba8c4a8ebb138a75bd9c7becbdcbd428bc01b427bdbd87443d50bc9a3dd0cbb63d4c2d97bd','{"text":"Ada Lovelace wrote the first program for the Analytical Engine designed by Charles Babbage.","event_id":"lovelace","chunk_index":0,"metadata":{"topic":"computing","year":1843}}');
INSERT INTO vectors VALUES(3,'"42#0"',X'53f7a7bd7a305c3d8e2400be5f942c3ca544c1bdedf775bd1591b3bc7352073dad6b26bd85dd303deac7993cc9e54c3d1960ce3c1cee6abd224fb0bdf9ec97bbbfca2fbb02c122bd0442d23d6e980dbd2fd4afbd5dd7323d0ed2c13bdc75663d3c0c1f3e3933f3bc997bf9bc707e333c8031843ded38a3bdd0b7923c409650bdbaf9203e0fc4ecbc30a06c3dab7d6c3c28ffbc3d6f548dbc13cd03bd8bcf23bc5a361cbd9c38353dda760a3dbbfb833d0586c5bcf0b12fbbee9fcdbc0e77d43b571882bcef4277bc6ace74bd46c3053c3fdc5bbd906acabd7d766c3df2d9abbb775609bcb9dfac3dafcedcbc60b3fcbca0febdbd80d609bd8b7fa2bcff65e63ca5d4413d1c23753d87a4253de81784bd2c35283d07df37bdb901dabdd6b69abd33f0223d57f86b3d86c3b6bbe2c7353c506a693d1de19a3d8c35063d38e4483c84e5e5bcc3684dbd52d028bb7765643deb5aa4bd669e6a3dbfef9d3c9775ab3ce7c1033e7c563fbd9e1642bd337bcdbc0c215dbcca60bebc5c23903c235e1e3c4079afbc6754eb3a7e3e873c9516833dc9fe5bbd61ff50bd0527d73db8b6543d194a02bb5c6d60bb3dd9ff3b0bf9b13cecb7a83bc6c961bdb1d9823d39ac2c3d1910a33c29a61fbd8a743d3ce7e336bd5caea8bdd6b46d3d2095403c81f0ca3c0e8f9f3c54135cbd40d52abd51f4373d57009bbdbe90df3d473dbb3b270eaf8903db383d0503593c5d12cebad697c63d1fa5cf3bd341b1bbb115413d8f7a1a3b7f2848bdbda5873c2654d43d70ac57bdf4b1c9bb94d7733da3494e3dfe7954bd72f1febc67e520bdbc4952bd300927bd9bfc8d3c238ec63b8a58d2bc8c81e6bc942f1f3da06bc73d84c6d33cf46384bd75a7a5bb3604223d5eee05bdefcca33d674988bdd7e209bc0a8fa13d0aa1b7bc3f7ac7bcbedb19bd589cf03cad79773db2755c3d31f0883df4a0b83c4b7fcfbd5a22103bc8112dbd72da19bcb7f4893df414153e2ee28abbd8df1dbc56f25d3d0967ccbafeb58b3db8a33f3ca761e7bc8b777bbc2e47043d33a94cbbb9047c3d1eb994bd5e43cc3ded97833cb5a122bdae0656bd7e5de93c217d25bd03b20cbd5fbd943d65377e3d8feae2bc35a52a3a37aa37bc3bea51bc32e021bda660313df90e623d0ddcacbb7bc507bdf6da8dbd66a812bcbd0e463d7c25ba3c4177113cfd47f3bce9a249bd979105bd38d1953ce744d1bc3bb28fbd21ac3e3cb9ecfbbcd9dd26bb3c8f9f3be65656bd8f9c0f093daa80bd40b0323ce2ec32bda8e1363d8778cdbd2bb51abd774ed63bc6a4d0bd9fdf47bc0c974e3c004c483df893513dff597a3d84325e3bc1f39d3d89c2943cca43f6bc47bebabdf8ac4e3d7574843c237e933c6f72d43c77fca8bc8a4d70bdc3a7b93d7ab50b3df4d8963c032a563df1b5893d03be4ebd91fe1ebca0035c3de4463d3d0312063d2e0127bd1d89e6bcd2d3e13b17ee4a3de843d33cd34437bdfe8cc43d0d11953cc724fb3c06997b3d99704d3dbcc52ebc88510a3d67208c3d57e3623cd8749abd86620dbd2738ef3b88970e3dcdb3823c0f26a9bda3cc35bd05ad0c3d92c0243d190c683d8dab1f3dea5d3dbd18856dbd1ef6a73de2abb53a27eb043ce5f84c3b3f2a07bd38d4f03cbcc6b5bddb9a52bd450e043ed106e53cd22f0a3de92758bd55e1aabd70d1333d5ea8e6bb57c552bd2a9c45bdcd6954bdd48a88bdb628993d9bcb30bc86a7133df1c13a3c7305363d38270dba0e5e5dbd8b825ebc99fd2a3da05ff6bca55caf3bb7613b3d8a18e23c8e5860bd3c16a3b23746a63c4ceb5a3d304352bd4da4403d2b8e8b3df8eacc3df6c337bc8a4037bd997c61bc67af29bd12f102bce95808bdd423d9bb9667ea3b17fdc63d5bdd69bc6b1288bc5e05a93c9c07ddbd9a89923c7852f9bc7f621dbd220b953cff2299bdea1afabd3594ebbc37b38dba50f23bbd9c9fd73d31abc33c4e9aaebda63eab3debaa4c3dfbd631bdb0920fbd8709223d15ba093de576cd3c7159ca3cea372bbd831220bd491fa53c4dc3f1bb0f241f3bdcc50bbd7ea3e13a76b23dbdbcc3e2bdfa78adbc7e6ed33939f40f3d0de37a3d867b42bd1376a23c96d12fbd8d1a3dbd430577bd880c30be1e2edbbcf4c7fc3cd3d448bd4b102cbde36d063d967cf5bc','{"text":"Grace Hopper built the first compiler, the A-0 System, at Remington Rand.","event_id":42,"chunk_index":0,"metadata":{"topic":"computing"}}');
CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
INSERT INTO meta VALUES('vectors_version','3');
CREATE TABLE chunks (
    key         INTEGER PRIMARY KEY AUTOINCREMENT,
    chunk_id    TEXT NOT NULL UNIQUE,
    event_id    TEXT NOT NULL,
    chunk_index INTEGER NOT NULL,
    text        TEXT NOT NULL
);
INSERT INTO chunks VALUES(1,'"lovelace"#0','"lovelace"',0,'Ada Lovelace wrote the first program for the Analytical Engine designed by Charles Babbage.');
INSERT INTO chunks VALUES(2,'42#0','42',0,'Grace Hopper built the first compiler, the A-0 System, at Remington Rand.');
PRAGMA writable_schema=ON;
INSERT INTO sqlite_schema(type,name,tbl_name,rootpage,sql)VALUES('table','chunks_fts','chunks_fts',0,'CREATE VIRTUAL TABLE chunks_fts USING fts5(text, content=''chunks'', content_rowid=''key'', tokenize=''porter unicode61'')');
CREATE TABLE IF NOT EXISTS 'chunks_fts_data'(id INTEGER PRIMARY KEY, block BLOB);
INSERT INTO chunks_fts_data VALUES(1,X'021b');
INSERT INTO chunks_fts_data VALUES(10,X'000000000102020002010101020101');
INSERT INTO chunks_fts_data VALUES(137438953473,X'00000082043061646101020202056e616c797401020a010662616262616701020f02017901020d0105636861726c01020e010664657369676e01020c0105656e67696e01020b0105666972737401020602026f7201020801076c6f76656c6163010203010770726f6772616d010207010374686501040506010577726f746501020404080a0b060a0b0a0a070c0c09');
INSERT INTO chunks_fts_data VALUES(274877906945,X'0000007402303002020a01016102020902017402020c01056275696c740202040106636f6d70696c02020701056669727374020206010567726163650202020106686f70706572020203010472616e6402020e0208656d696e67746f6e02020d010673797374656d02020b010374686502040505040606060a0b0a0a0b090d0b');
CREATE TABLE IF NOT EXISTS 'chunks_fts_idx'(segid, term, pgno, PRIMARY KEY(segid, term)) WITHOUT ROWID;
INSERT INTO chunks_fts_idx VALUES(1,X'',2);
INSERT INTO chunks_fts_idx VALUES(2,X'',2);
CREATE TABLE IF NOT EXISTS 'chunks_fts_docsize'(id INTEGER PRIMARY KEY, sz BLOB);
INSERT INTO chunks_fts_docsize VALUES(1,X'0e');
INSERT INTO chunks_fts_docsize VALUES(2,X'0d');
CREATE TABLE IF NOT EXISTS 'chunks_fts_config'(k PRIMARY KEY, v) WITHOUT ROWID;
INSERT INTO chunks_fts_config VALUES('version',4);
CREATE TABLE nodes (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    label       TEXT NOT NULL,
    properties  TEXT NOT NULL,
    merge_key   TEXT UNIQUE
);
INSERT INTO nodes VALUES(1,'Person','{"name":"Alan Turing","born":1912}',NULL);
INSERT INTO nodes VALUES(2,'Machine','{"name":"Bombe"}',NULL);
INSERT INTO nodes VALUES(3,'Event','{"event_id":"lovelace"}','Event:"lovelace"');
INSERT INTO nodes VALUES(4,'Entity','{"name":"Ada Lovelace"}','Entity:ada lovelace');
INSERT INTO nodes VALUES(5,'Entity','{"name":"Analytical Engine"}','Entity:analytical engine');
INSERT INTO nodes VALUES(6,'Entity','{"name":"Charles Babbage"}','Entity:charles babbage');
INSERT INTO nodes VALUES(7,'Event','{"event_id":42}','Event:42');
INSERT INTO nodes VALUES(8,'Entity','{"name":"Grace Hopper"}','Entity:grace hopper');
INSERT INTO nodes VALUES(9,'Entity','{"name":"A-0 System"}','Entity:a-0 system');
INSERT INTO nodes VALUES(10,'Entity','{"name":"Remington Rand"}','Entity:remington rand');
CREATE TABLE relationships (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    from_id     INTEGER NOT NULL REFERENCES nodes(id) ON DELETE CASCADE,
    to_id       INTEGER NOT NULL REFERENCES nodes(id) ON DELETE CASCADE,
    type        TEXT NOT NULL,
    properties  TEXT NOT NULL,
    merge_key   TEXT UNIQUE
);
INSERT INTO relationships VALUES(1,3,4,'MENTIONS','{}','3-MENTIONS-4');
INSERT INTO relationships VALUES(2,3,5,'MENTIONS','{}','3-MENTIONS-5');
INSERT INTO relationships VALUES(3,3,6,'MENTIONS','{}','3-MENTIONS-6');
INSERT INTO relationships VALUES(4,4,5,'CO_OCCURS_WITH','{}','4-CO_OCCURS_WITH-5');
INSERT INTO relationships VALUES(5,4,6,'CO_OCCURS_WITH','{}','4-CO_OCCURS_WITH-6');
INSERT INTO relationships VALUES(6,5,6,'CO_OCCURS_WITH','{}','5-CO_OCCURS_WITH-6');
INSERT INTO relationships VALUES(7,7,8,'MENTIONS','{}','7-MENTIONS-8');
INSERT INTO relationships VALUES(8,7,9,'MENTIONS','{}','7-MENTIONS-9');
INSERT INTO relationships VALUES(9,7,10,'MENTIONS','{}','7-MENTIONS-10');
INSERT INTO relationships VALUES(10,9,8,'CO_OCCURS_WITH','{}','9-CO_OCCURS_WITH-8');
INSERT INTO relationships VALUES(11,8,10,'CO_OCCURS_WITH','{}','8-CO_OCCURS_WITH-10');
INSERT INTO relationships VALUES(12,9,10,'CO_OCCURS_WITH','{}','9-CO_OCCURS_WITH-10');
INSERT INTO relationships VALUES(13,1,2,'DESIGNED','{"year":1939}',NULL);
CREATE TABLE ingest_events (
    id_json         TEXT PRIMARY KEY,
    text            TEXT NOT NULL,
    text_sha256     TEXT NOT NULL,
    metadata        TEXT NOT NULL,
    status          TEXT NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    error           TEXT,
    next_attempt_at INTEGER NOT NULL,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    seq             INTEGER NOT NULL
, correlation_id TEXT);
INSERT INTO ingest_events VALUES('"lovelace"','Ada Lovelace wrote the first program for the Analytical Engine designed by Charles Babbage.','AE01A797F9B53FDC663A9287189C5C6A61F6879DA1BFAE16407795EC3259F6F0','{"topic":"computing","year":1843}','done',1,NULL,1796162922747,1796162922747,1796162924198,1,'4b194245db8b4667999ea78569d5ce97');
INSERT INTO ingest_events VALUES('42','Grace Hopper built the first compiler, the A-0 System, at Remington Rand.','55B26E05F1B028EF28F4A8FA7BE594D76C8C9957C39D5D1F1BE6A4CA530E1417','{"topic":"computing"}','done',1,NULL,1796162922844,1796162922844,1796162924224,2,'a62ca52e84a54687a69416cabfb3d188');
CREATE TABLE accounts (
    username      TEXT PRIMARY KEY COLLATE NOCASE,
    password_hash TEXT NOT NULL,
    roles         TEXT NOT NULL,
    created_at    INTEGER NOT NULL
);
INSERT INTO accounts VALUES('admin','AQAAAAIAAYagAAAAEE0B3yQ68iREPJeC+IPBQEyR56RshfIIAEuXKvw9GePiFl674BlP1m5Pupfs+nghZQ==','["admin"]',1796162914673);
INSERT INTO accounts VALUES('reader1','AQAAAAIAAYagAAAAEDxsg1B8MY17C1dOpbnh2spDmmDwfcyoVRiHK+dJl2tpSam0WTVz63AixyG839QRSw==','["reader"]',1796162923778);
CREATE TABLE rate_limit_overrides (
    policy          TEXT PRIMARY KEY,
    permit_limit    INTEGER NOT NULL,
    window_seconds  INTEGER NOT NULL
);
INSERT INTO rate_limit_overrides VALUES('search',77,60);
CREATE TABLE rate_limit_audit (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    policy              TEXT NOT NULL,
    old_permit_limit    INTEGER NOT NULL,
    old_window_seconds  INTEGER NOT NULL,
    new_permit_limit    INTEGER NOT NULL,
    new_window_seconds  INTEGER NOT NULL,
    changed_by          TEXT NOT NULL,
    changed_at          INTEGER NOT NULL
);
INSERT INTO rate_limit_audit VALUES(1,'search',100,60,77,60,'admin',1796162924051);
CREATE TABLE api_clients (
    client_id     TEXT PRIMARY KEY,
    name          TEXT NOT NULL,
    secret_sha256 TEXT NOT NULL,
    roles         TEXT NOT NULL,
    created_by    TEXT NOT NULL,
    created_at    INTEGER NOT NULL,
    revoked_by    TEXT,
    revoked_at    INTEGER
);
INSERT INTO api_clients VALUES('rmc_418c28d71a39cff9','nightly import','D0DC5A6040EC41E64D7D3A8BBD4AF98BDB4148009F245D63022A2512F2BE27BB','["writer"]','admin',1796162923977,NULL,NULL);
DELETE FROM sqlite_sequence;
INSERT INTO sqlite_sequence VALUES('vectors',3);
INSERT INTO sqlite_sequence VALUES('nodes',10);
INSERT INTO sqlite_sequence VALUES('rate_limit_audit',1);
INSERT INTO sqlite_sequence VALUES('chunks',2);
INSERT INTO sqlite_sequence VALUES('relationships',13);
CREATE INDEX chunks_event ON chunks(event_id);
CREATE INDEX nodes_label ON nodes(label);
CREATE INDEX relationships_from ON relationships(from_id);
CREATE INDEX relationships_to ON relationships(to_id);
CREATE INDEX ingest_events_due ON ingest_events(status, next_attempt_at, seq);
PRAGMA writable_schema=OFF;
COMMIT;
PRAGMA user_version=4;

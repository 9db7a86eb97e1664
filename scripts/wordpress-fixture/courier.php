<?php
// Builds the Riverside Courier through WordPress's own functions, the way its newsroom would
// have through wp-admin over a few months, then writes WordPress's own export of it. See
// make-export.sh. Everything here is our invented content; the XML is WordPress's.
define('WP_INSTALLING', true);
// No mail leaves the machine: wp_install would tell the administrator by sendmail.
function wp_mail() { return true; }
require '/usr/share/wordpress/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/upgrade.php';
require_once ABSPATH . 'wp-admin/includes/image.php';
require_once ABSPATH . 'wp-admin/includes/export.php';

$out = $argv[1];
wp_install('The Riverside Courier', 'desk', 'desk@courier.example', true, '', 'desk-password-1');
update_option('timezone_string', 'Europe/Oslo');
update_option('blogdescription', 'News from both banks');
update_option('permalink_structure', '/%year%/%monthnum%/%day%/%postname%/');
update_option('thread_comments', 1);
update_option('thread_comments_depth', 10);
global $wp_rewrite;
$wp_rewrite->init();

$desk = get_user_by('login', 'desk');
wp_update_user(['ID' => $desk->ID, 'display_name' => 'Courier Desk', 'first_name' => 'Courier', 'last_name' => 'Desk']);
// An administrator writes with unfiltered HTML, so what an editor pasted reaches the export.
wp_set_current_user($desk->ID);

function user($login, $display, $first, $last, $bio, $role = 'author') {
    return wp_insert_user(['user_login' => $login, 'user_pass' => $login . '-password-1', 'user_email' => "$login@courier.example",
        'display_name' => $display, 'first_name' => $first, 'last_name' => $last, 'description' => $bio, 'role' => $role]);
}
$ines = user('ines', 'Inès Okafor-Brandt', 'Inès', 'Okafor-Brandt', 'Inès covers the city council and transport.');
$tom = user('tom', 'Tom Whitlock', 'Tom', 'Whitlock', 'Sports editor.', 'editor');
// A name as a careless import into WordPress left it: padding, markup and an ampersand.
$odd = user('stringer', '  <b>Night</b> &amp; Weekend   Desk ', '', '', '');

function term($name, $taxonomy, $parent = 0, $description = '') {
    $made = wp_insert_term($name, $taxonomy, ['parent' => $parent, 'description' => $description]);
    return $made['term_id'];
}
$news = term('News', 'category', 0, 'What happened today');
$local = term('Local', 'category', $news);
$council = term('City Council', 'category', $local);
$world = term('World', 'category', $news);
$sport = term('Sport', 'category');
$opinion = term('Opinion', 'category');
$culture = term('Culture & Arts', 'category');
$books = term('Books', 'category', $culture);

function image($name, $title, $parent, $caption, $alt, $rgb, $date) {
    $upload = wp_upload_dir(substr($date, 0, 4) . '/' . substr($date, 5, 2));
    $file = $upload['path'] . "/$name.png";
    $picture = imagecreatetruecolor(1600, 1067);
    imagefill($picture, 0, 0, imagecolorallocate($picture, $rgb[0], $rgb[1], $rgb[2]));
    imagefilledrectangle($picture, 200, 300, 1400, 700, imagecolorallocate($picture, 250, 250, 245));
    imagepng($picture, $file, 9);
    $id = wp_insert_attachment(['post_mime_type' => 'image/png', 'post_title' => $title, 'post_excerpt' => $caption,
        'post_content' => '', 'post_status' => 'inherit', 'post_date' => $date, 'guid' => $upload['url'] . "/$name.png"], $file, $parent);
    wp_update_attachment_metadata($id, wp_generate_attachment_metadata($id, $file));
    if ($alt !== '') update_post_meta($id, '_wp_attachment_image_alt', $alt);
    return $id;
}

function post($fields) {
    $id = wp_insert_post(array_merge(['post_status' => 'publish', 'post_type' => 'post', 'comment_status' => 'open'], $fields), true);
    if (is_wp_error($id)) { fwrite(STDERR, $id->get_error_message() . "\n"); exit(1); }
    return $id;
}

function comment($post, $author, $text, $date, $approved = 1, $parent = 0, $type = 'comment', $extra = []) {
    return wp_insert_comment(array_merge(['comment_post_ID' => $post, 'comment_author' => $author,
        'comment_author_email' => strtolower(preg_replace('/[^a-z]/i', '', $author)) . '@reader.example',
        'comment_author_url' => '', 'comment_author_IP' => '203.0.113.' . (strlen($author) + 7),
        'comment_date' => $date, 'comment_date_gmt' => get_gmt_from_date($date), 'comment_content' => $text,
        'comment_approved' => $approved, 'comment_parent' => $parent, 'comment_type' => $type,
        'comment_agent' => 'Mozilla/5.0'], $extra));
}

// A classic-editor story: wpautop line breaks, a [caption], a lead photo, a more tag.
$bridge = post(['post_title' => 'Council votes <em>yes</em> on the Weir Bridge', 'post_author' => $ines,
    'post_date' => '2026-03-04 18:20:00', 'post_category' => [$council], 'tags_input' => ['Weir Bridge', 'transport'],
    'post_excerpt' => 'Seven votes to four, after a four-hour debate.',
    'post_content' => "The city council voted seven to four on Tuesday to build the Weir Bridge, ending a decade of argument.\n\n" .
        "\"We have talked about this bridge for longer than some of our pupils have been alive,\" said the council leader, Ruth Abebe.\n\n" .
        "<!--more-->\n\n<h2>What happens next</h2>\n" .
        "Construction starts in <strong>autumn</strong>, according to the plan. The opposition wants a referendum:\n" .
        "<ul>\n<li>a vote in May</li>\n<li>a cap on the cost</li>\n</ul>\n\n" .
        "PLACEHOLDER_CAPTION\n\n" .
        "Read the <a href=\"https://courier.example/council-papers/\">council papers</a> or <a href=\"javascript:alert(document.cookie)\">this</a>.\n" .
        "<script>document.write('tracking')</script>"]);
$pier = image('weir-bridge-model', 'Weir Bridge model', $bridge, 'A model of the bridge at the council chamber. Photo: Courier', 'Model of a white arched bridge', [40, 90, 140], '2026-03-04 17:00:00');
$pierURL = wp_get_attachment_url($pier);
wp_update_post(['ID' => $bridge, 'post_content' => str_replace('PLACEHOLDER_CAPTION',
    "[caption id=\"attachment_$pier\" align=\"aligncenter\" width=\"1024\"]<img class=\"size-large wp-image-$pier\" src=\"" .
    str_replace('.png', '-1024x683.png', $pierURL) . "\" alt=\"Model of a white arched bridge\" width=\"1024\" height=\"683\" /> The model, as shown to councillors[/caption]",
    get_post($bridge)->post_content)]);
set_post_thumbnail($bridge, $pier);

// A block-editor story, as WordPress 6 saves one: block comments, a figure, a gallery, an embed.
$regatta = post(['post_title' => 'Regatta draws record crowds', 'post_author' => $tom, 'post_date' => '2026-05-17 21:05:00',
    'post_category' => [$sport, $local], 'tags_input' => ['rowing', 'regatta']]);
$boats = image('regatta-start', 'Regatta start', $regatta, 'The eights leave the start. Photo: Tom Whitlock', 'Rowing eights on a river', [20, 120, 60], '2026-05-17 15:00:00');
$crowd = image('regatta-crowd', 'Crowd on the bank', $regatta, 'Spectators on the east bank', 'A crowd along a riverbank', [160, 60, 40], '2026-05-17 15:10:00');
$boatsURL = wp_get_attachment_url($boats);
$crowdURL = wp_get_attachment_url($crowd);
wp_update_post(['ID' => $regatta, 'post_content' =>
    "<!-- wp:paragraph -->\n<p>More than 20,000 people lined the river for the <em>Riverside Regatta</em>, organisers said.</p>\n<!-- /wp:paragraph -->\n\n" .
    "<!-- wp:image {\"id\":$boats,\"sizeSlug\":\"large\",\"linkDestination\":\"none\"} -->\n<figure class=\"wp-block-image size-large\"><img src=\"$boatsURL\" alt=\"Rowing eights on a river\" class=\"wp-image-$boats\"/><figcaption class=\"wp-element-caption\">The eights leave the start.</figcaption></figure>\n<!-- /wp:image -->\n\n" .
    "<!-- wp:quote -->\n<blockquote class=\"wp-block-quote\"><!-- wp:paragraph -->\n<p>It was the loudest finish I have heard.</p>\n<!-- /wp:paragraph --><cite>Coach Priya Nair</cite></blockquote>\n<!-- /wp:quote -->\n\n" .
    "<!-- wp:shortcode -->\n[gallery ids=\"$boats,$crowd\" columns=\"2\"]\n<!-- /wp:shortcode -->\n\n" .
    "<!-- wp:embed {\"url\":\"https://www.youtube.com/watch?v=aqz-KE-bpKQ\",\"type\":\"video\",\"providerNameSlug\":\"youtube\"} -->\n<figure class=\"wp-block-embed is-type-video is-provider-youtube wp-block-embed-youtube\"><div class=\"wp-block-embed__wrapper\">\nhttps://www.youtube.com/watch?v=aqz-KE-bpKQ\n</div><figcaption class=\"wp-element-caption\">The final, in full.</figcaption></figure>\n<!-- /wp:embed -->\n\n" .
    "<!-- wp:html -->\n<iframe src=\"https://tracker.example/widget\" onload=\"steal()\"></iframe>\n<!-- /wp:html -->\n\n" .
    "<!-- wp:paragraph -->\n<p>Results are on page two.</p>\n<!-- /wp:paragraph -->\n\n<!-- wp:nextpage -->\n<!--nextpage-->\n<!-- /wp:nextpage -->\n\n" .
    "<!-- wp:table -->\n<figure class=\"wp-block-table\"><table><tbody><tr><td>Men's eights</td><td>Riverside RC</td></tr><tr><td>Women's eights</td><td>Weir Ladies</td></tr></tbody></table></figure>\n<!-- /wp:table -->"]);
set_post_thumbnail($regatta, $boats);

// Shortcodes a plugin-heavy site leaves behind: audio, embed, and one Byline has never heard of.
$podcast = post(['post_title' => 'Listen: the week in review', 'post_author' => $desk->ID, 'post_date' => '2026-06-12 07:30:00',
    'post_category' => [$news],
    'post_content' => "This week's episode.\n\n[audio mp3=\"https://courier.example/wp-content/uploads/2026/06/week-24.mp3\"][/audio]\n\n" .
        "[embed]https://vimeo.com/76979871[/embed]\n\n[contact-form-7 id=\"41\" title=\"Tips\"]\n\nSend us your tips."]);

// A column whose headline is only markup's leftovers, and one with no headline at all.
$untitled = post(['post_title' => '', 'post_author' => $odd, 'post_date' => '2026-07-01 23:59:00', 'post_category' => [$opinion],
    'post_content' => "Overnight: the ferry ran late again.\n\nThe harbour master blamed fog."]);
$review = post(['post_title' => 'Review: <i>The Long Weir</i> &amp; other stories', 'post_author' => $ines, 'post_date' => '2026-08-09 10:00:00',
    'post_category' => [$books], 'tags_input' => ['fiction', 'Weir Bridge'],
    'post_content' => "A debut collection set on both banks.\n\n<blockquote>Every town has a river it argues about.</blockquote>\n\nFour stars."]);

// What a reader must not see: a password, a draft, a private note, a pending submission, a scheduled story.
$protected = post(['post_title' => 'Members: budget documents', 'post_author' => $ines, 'post_date' => '2026-09-01 09:00:00',
    'post_category' => [$local], 'post_password' => 'members', 'post_content' => 'The full budget, for members.']);
$draft = post(['post_title' => 'Flood defences: the draft', 'post_status' => 'draft', 'post_author' => $ines,
    'post_category' => [$local], 'post_content' => 'Not ready yet.']);
$private = post(['post_title' => 'Desk rota', 'post_status' => 'private', 'post_author' => $desk->ID,
    'post_date' => '2026-09-02 08:00:00', 'post_category' => [$news], 'post_content' => 'Who works which weekend.']);
$pending = post(['post_title' => 'Letter: more buses', 'post_status' => 'pending', 'post_author' => $odd,
    'post_category' => [$opinion], 'post_content' => 'We need more buses on Sundays.']);
$scheduled = post(['post_title' => 'Bridge opening day', 'post_status' => 'future', 'post_author' => $ines,
    'post_date' => '2027-06-01 12:00:00', 'post_category' => [$local], 'post_content' => 'The bridge opens today.']);
stick_post($bridge);

// Standing pages, one nested, and a footer menu of them.
$about = post(['post_type' => 'page', 'post_title' => 'About us', 'post_name' => 'about', 'post_author' => $desk->ID,
    'post_date' => '2026-01-10 12:00:00', 'menu_order' => 1, 'comment_status' => 'closed',
    'post_content' => "<!-- wp:paragraph -->\n<p>The Riverside Courier has reported on both banks since 1921.</p>\n<!-- /wp:paragraph -->"]);
$staff = post(['post_type' => 'page', 'post_title' => 'Our staff', 'post_name' => 'staff', 'post_parent' => $about, 'post_author' => $desk->ID,
    'post_date' => '2026-01-10 12:05:00', 'comment_status' => 'closed',
    'post_content' => "<!-- wp:list -->\n<ul><li>Inès Okafor-Brandt, council</li><li>Tom Whitlock, sport</li></ul>\n<!-- /wp:list -->"]);
$ethics = post(['post_type' => 'page', 'post_title' => 'Ethics policy', 'post_name' => 'ethics', 'post_author' => $desk->ID,
    'post_date' => '2026-01-11 09:00:00', 'comment_status' => 'closed',
    'post_content' => "We correct our mistakes openly.\n\nWe do not pay sources."]);
$contactDraft = post(['post_type' => 'page', 'post_title' => 'Contact (new)', 'post_status' => 'draft', 'post_author' => $desk->ID,
    'post_content' => 'Phone numbers to come.']);
$menu = wp_create_nav_menu('Footer');
foreach ([$about, $ethics] as $position => $page) {
    wp_update_nav_menu_item($menu, 0, ['menu-item-object-id' => $page, 'menu-item-object' => 'page', 'menu-item-type' => 'post_type',
        'menu-item-status' => 'publish', 'menu-item-position' => $position + 1]);
}

// Readers: a thread seven deep, a moderator's reply, held, spam and binned comments, pings.
$parent = 0;
$names = ['Ada Reyes', 'Björn Sand', 'Chloé Martin', 'Dev Patel', 'Ella Novak', 'Femi Ade', 'Greta Holm'];
foreach ($names as $depth => $name) {
    $parent = comment($bridge, $name, "Reply " . ($depth + 1) . ": " . ($depth === 0 ? 'About time.' : 'I disagree with the last one.'),
        '2026-03-05 0' . $depth . ':15:00', 1, $parent);
}
$first = comment($bridge, 'Hank Moody', 'What will it <b>cost</b>?', '2026-03-05 10:00:00');
comment($bridge, 'Inès Okafor-Brandt', 'The council puts it at 41 million.', '2026-03-05 10:30:00', 1, $first, 'comment', ['user_id' => $ines]);
comment($bridge, 'Iris Wong', 'Waiting for a moderator to look.', '2026-03-05 11:00:00', 0);
comment($bridge, 'Cheap Pills', 'Buy now http://spam.example', '2026-03-05 11:05:00', 'spam');
comment($bridge, 'Jon Troll', 'Removed by a moderator.', '2026-03-05 11:10:00', 'trash');
comment($bridge, 'Transit Blog', 'The Weir Bridge, at last', '2026-03-06 08:00:00', 1, 0, 'pingback', ['comment_author_url' => 'https://transit.example/weir/']);
comment($bridge, 'Another Blog', 'Trackback excerpt', '2026-03-06 09:00:00', 1, 0, 'trackback', ['comment_author_url' => 'https://another.example/']);
comment($regatta, 'Kai Berg', 'Great photos!', '2026-05-18 08:00:00');
comment($regatta, 'Lena Roth', "Two paragraphs.\n\nSecond one.", '2026-05-18 09:00:00', 1, 0, 'comment', ['comment_author_url' => 'https://lena.example/']);
comment($review, 'Mo Farah-Lee', 'Ordered a copy.', '2026-08-10 12:00:00');
wp_update_comment_count_now($bridge);
wp_update_comment_count_now($regatta);
wp_update_comment_count_now($review);

ob_start();
export_wp(['content' => 'all']);
file_put_contents($out, ob_get_clean());
